import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/authenticator';
import { z } from 'zod';
import { createTokenBody, tokenParams } from '../auth/schemas';
import { listTokens } from '../auth/store';
import { createToken, revokeTokenNamed } from '../auth/tokens';
import { actorOf } from '../auth/principal';
import { adminAccess } from '../http/access';
import { sendPage } from './layout';
import { basePathOf } from './links';
import { tokensBody } from './tokens-view';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** The form's fields as the API's token body, so both validate alike. */
const tokenForm = z
  .object({
    name: z.string().default(''),
    role: z.string().default(''),
    pacticipants: z.string().optional(),
    labels: z.string().optional(),
    expiresInDays: z
      .string()
      .regex(/^\s*\d*\s*$/, 'expires in days must be a whole number of days')
      .optional(),
  })
  .transform((form) => ({
    name: form.name,
    role: form.role,
    ...(list(form.pacticipants).length > 0 ? { pacticipants: list(form.pacticipants) } : {}),
    ...(list(form.labels).length > 0 ? { labels: list(form.labels) } : {}),
    ...(form.expiresInDays?.trim()
      ? { expiresAt: new Date(Date.now() + Number(form.expiresInDays) * 86_400_000).toISOString() }
      : {}),
  }))
  .pipe(createTokenBody);

/** /ui/tokens: an admin lists, creates and revokes tokens from the browser. */
export function tokensPage(app: FastifyInstance, authenticator: Authenticator): void {
  const config = { access: adminAccess() };
  const render = async (request: FastifyRequest, reply: FastifyReply, created?: { name: string; secret: string }) => {
    const basePath = basePathOf(request);
    const { principal } = request;
    const body = tokensBody({
      basePath,
      tokens: await listTokens(app.db, { includeRevoked: false }),
      csrfToken: principal.kind === 'token' ? principal.csrfToken : undefined,
      created,
      now: new Date(),
    });
    return sendPage(reply.header('cache-control', 'no-store'), {
      title: 'API tokens',
      basePath,
      section: 'none',
      body,
    });
  };

  app.get('/ui/tokens', { config: { ...config, resourceName: 'ui_tokens' } }, (request, reply) =>
    render(request, reply),
  );

  app.post('/ui/tokens', { config: { ...config, resourceName: 'ui_tokens' } }, async (request, reply) => {
    const input = tokenForm.parse(request.body ?? {});
    const { token, secret } = await createToken(app.db, { ...input, createdBy: actorOf(request.principal).actor });
    return render(request, reply, { name: token.name, secret });
  });

  app.post(
    '/ui/tokens/:tokenUuid/revoke',
    { config: { ...config, resourceName: 'ui_token_revocation' } },
    async (request, reply) => {
      const { tokenUuid } = tokenParams.parse(request.params);
      const revoked = await revokeTokenNamed(app.db, tokenUuid, actorOf(request.principal).actor);
      authenticator.forget(revoked.token_hash);
      return reply.redirect(`${basePathOf(request)}/ui/tokens`, 303);
    },
  );
}
