import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { describeScope } from '../../broker/auth/permission';
import { createTokenBody } from '../../broker/auth/schemas';
import { listTokens } from '../../broker/auth/store';
import { createToken, revokeTokenNamed, scopeOf } from '../../broker/auth/tokens';
import { BrokerError } from '../../broker/http/broker-error';
import { BROKER_FLAGS, type BrokerClient } from '../broker-client';
import { clientFrom, type Output, outputOf, print, required, runCommand, UsageError } from '../command-support';
import { type CommandResult, EXIT } from '../exit-codes';
import { openBrokerDatabase } from '../database';
import { formatTable } from '../table';

const HELP = `Usage: treaty tokens <create|list|revoke> [options]

  create --name N --role read|write|admin [--pacticipant P ...] [--label L ...]
         [--expires-in 90d|12h|30m | --expires-at 2027-01-31T00:00:00Z]
                          a new token, printed once: store it as a CI secret
                          (--pacticipant and --label limit what it may change)
  list [--include-revoked]
                          the tokens, without their secrets
  revoke NAME|UUID        refuse the token from now on

Where the tokens live, one of:
  --database-url URL      the broker's database itself (postgres://..., sqlite:PATH): how the
                          first admin token is made, before the broker asks for credentials
  --broker-url URL        the broker's API (PACT_BROKER_BASE_URL), with an admin token
                          (--broker-token or PACT_BROKER_TOKEN) or basic auth credentials

  --output text|json      how to print the outcome (default text)
`;

/** A token as both the API and the database give it back to this command. */
type TokenView = {
  uuid: string;
  name: string;
  role: string;
  scope: { pacticipants: string[]; labels: string[] } | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  token?: string;
};

type Flags = {
  name?: string | undefined;
  role?: string | undefined;
  pacticipant?: string[] | undefined;
  label?: string[] | undefined;
  'expires-in'?: string | undefined;
  'expires-at'?: string | undefined;
};

/** The tokens' home: the database directly, or the broker's API. */
type TokenStore = {
  create(body: Record<string, unknown>): Promise<TokenView>;
  list(includeRevoked: boolean): Promise<TokenView[]>;
  revoke(nameOrUuid: string): Promise<TokenView>;
  close(): Promise<void>;
};

export function runTokens(argv: string[]): Promise<CommandResult> {
  return runCommand('tokens', HELP, argv, async () => {
    const [action, ...rest] = argv;
    const { values: flags, positionals } = parseArgs({
      args: rest,
      options: {
        ...BROKER_FLAGS,
        'database-url': { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        pacticipant: { type: 'string', multiple: true },
        label: { type: 'string', multiple: true },
        'expires-in': { type: 'string' },
        'expires-at': { type: 'string' },
        'include-revoked': { type: 'boolean', default: false },
        output: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const output = outputOf(flags.output);
    if (action !== 'create' && action !== 'list' && action !== 'revoke')
      throw new UsageError(`say what to do: create, list or revoke${action ? ` (not "${action}")` : ''}`);
    const store = flags['database-url']
      ? await databaseStore(flags['database-url'])
      : apiStore(clientFrom(flags, process.env));
    try {
      switch (action) {
        case 'create':
          return printCreated(output, await store.create(createBody(flags)));
        case 'list':
          return printList(output, await store.list(flags['include-revoked']));
        case 'revoke': {
          const token = await store.revoke(required(positionals[0] ?? flags.name, 'the token name or uuid'));
          print(output, token, `Revoked token "${token.name}": it is refused from now on.`);
          return { exitCode: EXIT.ok };
        }
      }
    } finally {
      await store.close();
    }
  });
}

function createBody(flags: Flags): Record<string, unknown> {
  if (flags['expires-in'] && flags['expires-at']) throw new UsageError('give --expires-in or --expires-at, not both');
  const expiresAt = flags['expires-in'] ? expiryIn(flags['expires-in']) : flags['expires-at'];
  return {
    name: required(flags.name, '--name'),
    role: required(flags.role, '--role'),
    ...(flags.pacticipant ? { pacticipants: flags.pacticipant } : {}),
    ...(flags.label ? { labels: flags.label } : {}),
    ...(expiresAt ? { expiresAt } : {}),
  };
}

/** "90d", "12h" or "30m" from now, as an ISO date-time. */
export function expiryIn(duration: string, from = Date.now()): string {
  const match = /^(\d+)\s*([dhm])$/.exec(duration.trim());
  if (!match || Number(match[1]) === 0)
    throw new UsageError(`--expires-in must be a duration such as 90d, 12h or 30m, not "${duration}"`);
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[2] as 'd' | 'h' | 'm'];
  return new Date(from + Number(match[1]) * unit).toISOString();
}

function printCreated(output: Output, token: TokenView): CommandResult {
  const scope = token.scope ? `, may change only ${describeScope(token.scope)}` : '';
  const expiry = token.expiresAt ? `, expires ${token.expiresAt}` : '';
  print(
    output,
    token,
    `Created token "${token.name}" (${token.role}${scope}${expiry}).\n` +
      `This is the only time it is shown; store it as a secret (PACT_BROKER_TOKEN in CI):\n${token.token}`,
  );
  return { exitCode: EXIT.ok };
}

function printList(output: Output, tokens: TokenView[]): CommandResult {
  const rows = tokens.map((token) => [
    token.name,
    token.role,
    token.scope ? describeScope(token.scope) : 'every pacticipant',
    token.revokedAt ? `revoked ${token.revokedAt}` : (token.expiresAt ?? 'never'),
    token.lastUsedAt ?? 'never',
    token.createdBy,
  ]);
  print(
    output,
    tokens,
    rows.length > 0
      ? formatTable(['NAME', 'ROLE', 'MAY CHANGE', 'EXPIRES', 'LAST USED', 'CREATED BY'], rows)
      : 'No tokens yet: treaty tokens create --name NAME --role admin',
  );
  return { exitCode: EXIT.ok };
}

function apiStore(client: BrokerClient): TokenStore {
  return {
    create: (body) => client.send<TokenView>('POST', 'tokens', body),
    list: async (includeRevoked) =>
      (await client.get<{ _embedded: { tokens: TokenView[] } }>(`tokens?includeRevoked=${includeRevoked}`))._embedded
        .tokens,
    revoke: (nameOrUuid) => client.send<TokenView>('DELETE', client.path('tokens', nameOrUuid)),
    close: async () => undefined,
  };
}

/** On the database itself, migrated first (it may be new), with the same validation as the API. */
async function databaseStore(url: string): Promise<TokenStore> {
  const { db } = await openBrokerDatabase(url);
  const createdBy = 'treaty tokens (database)';
  const view = (token: Parameters<typeof scopeOf>[0] & Record<string, unknown>): TokenView => ({
    uuid: token.uuid as string,
    name: token.name as string,
    role: token.role as string,
    scope: scopeOf(token) ?? null,
    createdBy: token.created_by as string,
    createdAt: token.created_at as string,
    expiresAt: token.expires_at as string | null,
    lastUsedAt: token.last_used_at as string | null,
    revokedAt: token.revoked_at as string | null,
  });
  return {
    create: (body) =>
      asUsage(async () => {
        const { token, secret } = await createToken(db, { ...createTokenBody.parse(body), createdBy });
        return { ...view(token), token: secret };
      }),
    list: async (includeRevoked) => (await listTokens(db, { includeRevoked })).map(view),
    revoke: (nameOrUuid) => asUsage(async () => view(await revokeTokenNamed(db, nameOrUuid, createdBy))),
    close: () => db.destroy(),
  };
}

/** What the API would answer 4xx for is a usage mistake here: the same words, exit 2. */
async function asUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ZodError)
      throw new UsageError(
        error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '),
      );
    if (error instanceof BrokerError) throw new UsageError(error.detail);
    throw error;
  }
}
