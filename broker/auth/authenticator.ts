import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuthConfig, BasicCredentials } from '../config';
import { now } from '../db/clock';
import type { Database } from '../db/database';
import { AuthenticationRequired } from './errors';
import type { Principal } from './principal';
import { SESSION_COOKIE } from './sessions';
import { anyTokenEverCreated, type ApiToken, findLiveTokenByHash, findSessionByHash, touchToken } from './store';
import { constantTimeEqual, hashSecret } from './token-secret';
import { principalOfToken } from './tokens';

/**
 * How long a token read from the database is trusted without reading it again: a token
 * revoked on another instance is refused within this time.
 */
const TOKEN_CACHE_MS = 500;
/** last_used_at is written at most this often per token and instance, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** A live token as read, with the principal made from it once (its scope is JSON in the row). */
type Cached = { token: ApiToken; principal: Principal & { kind: 'token' }; readAt: number };

/** Turns a request's credentials into a Principal, or refuses them with 401. */
export class Authenticator {
  private readonly tokens = new Map<string, Cached>();
  private readonly lastUsedWritten = new Map<number, number>();
  private tokensExist = false;
  private tokensCheckedAt = -Infinity;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: AuthConfig,
    private readonly clock: () => number = Date.now,
  ) {}

  get basicAuthConfigured(): boolean {
    return this.config.basicAuth !== undefined || this.config.readOnlyBasicAuth !== undefined;
  }

  /**
   * Whether callers must authenticate: basic auth is configured, or a token was ever created
   * (by any instance, or by `treaty tokens create` on the database). Once true it stays true.
   * Read from the database at most once a second.
   */
  async required(): Promise<boolean> {
    if (this.basicAuthConfigured || this.tokensExist) return true;
    if (this.clock() - this.tokensCheckedAt >= 1000) {
      try {
        this.tokensExist = await anyTokenEverCreated(this.db);
        this.tokensCheckedAt = this.clock();
      } catch (error) {
        // the database is away: no token can be created in it meanwhile, so the last answer holds
        // (and the dependencies status can say what is wrong); with no answer yet, nothing is known
        if (this.tokensCheckedAt === -Infinity) throw error;
      }
    }
    return this.tokensExist;
  }

  /**
   * The last answer of `required()`, without asking the database: for what needs no credentials
   * anyway (the heartbeat must answer while the database is away), and only to describe the caller.
   */
  get lastKnownRequired(): boolean {
    return this.basicAuthConfigured || this.tokensExist;
  }

  /** The caller; anonymous (with the public role, if any) when no credentials came. */
  async authenticate(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    if (header !== undefined) return this.fromHeader(header);
    const session = request.cookies?.[SESSION_COOKIE];
    if (session) {
      const signedIn = await this.fromSession(session);
      if (signedIn) return signedIn;
    }
    return { kind: 'anonymous', role: this.config.allowPublicRead ? 'read' : undefined };
  }

  /** Forgets a token at once (revoked on this instance). */
  forget(tokenHash: string): void {
    this.tokens.delete(tokenHash);
  }

  private async fromHeader(header: string): Promise<Principal> {
    const [scheme = '', credentials = ''] = header.trim().split(/\s+/, 2);
    switch (scheme.toLowerCase()) {
      case 'bearer':
        return this.fromToken(credentials);
      case 'basic':
        return this.fromBasic(credentials);
      default:
        throw new AuthenticationRequired(
          `The Authorization header's scheme is not one this broker takes: use Bearer (a token) or Basic.`,
        );
    }
  }

  private async fromToken(secret: string): Promise<Principal> {
    const live = secret === '' ? undefined : await this.liveToken(hashSecret(secret));
    if (!live) throw new AuthenticationRequired('The token is not one this broker knows (mistyped, or revoked).');
    const { token, principal } = live;
    if (token.expires_at !== null && token.expires_at <= now())
      throw new AuthenticationRequired(`The token "${token.name}" expired at ${token.expires_at}.`);
    await this.noteUse(token);
    return principal;
  }

  private async liveToken(tokenHash: string): Promise<Cached | undefined> {
    const cached = this.tokens.get(tokenHash);
    if (cached && this.clock() - cached.readAt < TOKEN_CACHE_MS) return cached;
    const token = await findLiveTokenByHash(this.db, tokenHash);
    if (this.tokens.size >= 1000) this.tokens.clear();
    if (!token) {
      this.tokens.delete(tokenHash);
      return undefined;
    }
    const fresh = { token, principal: principalOfToken(token), readAt: this.clock() };
    this.tokens.set(tokenHash, fresh);
    return fresh;
  }

  private async noteUse(token: ApiToken): Promise<void> {
    const written = this.lastUsedWritten.get(token.id) ?? -Infinity;
    if (this.clock() - written < LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWritten.set(token.id, this.clock());
    await touchToken(this.db, token.id, now());
  }

  private fromBasic(encoded: string): Principal {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const sent = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    if (!this.basicAuthConfigured) {
      throw new AuthenticationRequired('This broker takes tokens, not a username and password.');
    }
    // both pairs are compared whatever the first answer, so timing does not tell which user exists
    const admin = colon >= 0 && matches(this.config.basicAuth, sent);
    const reader = colon >= 0 && matches(this.config.readOnlyBasicAuth, sent);
    if (admin) return { kind: 'user', name: sent.username, role: 'admin' };
    if (reader) return { kind: 'user', name: sent.username, role: 'read' };
    throw new AuthenticationRequired('The username or password is wrong.');
  }

  private async fromSession(cookie: string): Promise<Principal | undefined> {
    const session = await findSessionByHash(this.db, hashSecret(cookie), now());
    if (!session || (session.expires_at !== null && session.expires_at <= now())) return undefined;
    return { ...principalOfToken(session), csrfToken: session.csrf_token };
  }
}

function matches(expected: BasicCredentials | undefined, sent: BasicCredentials): boolean {
  if (expected === undefined) return false;
  const username = constantTimeEqual(expected.username, sent.username);
  const password = constantTimeEqual(expected.password, sent.password);
  return username && password;
}
