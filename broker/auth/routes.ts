import fastifyPlugin from 'fastify-plugin';
import { adminAccess } from '../http/access';
import { baseUrlOf, sendHal } from '../http/hal';
import type { Authenticator } from './authenticator';
import { TokenNotFound } from './errors';
import { tokenBody, tokensBody, tokenUrl } from './hal';
import { actorOf } from './principal';
import { createTokenBody, tokenListQuery, tokenParams } from './schemas';
import { findLiveTokenByNameOrUuid, listTokens } from './store';
import { revokeTokenNamed } from './tokens';
import { createToken } from './tokens';

/**
 * API tokens, for admins with a token that is not scoped (a scoped admin could otherwise
 * mint itself a wider token). The secret is in the creation response only.
 */
export const tokenRoutes = fastifyPlugin<{ authenticator: Authenticator }>(
  async (app, { authenticator }) => {
    const config = { resourceName: 'tokens', access: adminAccess() };

    app.get('/tokens', { config }, async (request, reply) => {
      const { includeRevoked } = tokenListQuery.parse(request.query);
      const tokens = await listTokens(app.db, { includeRevoked: includeRevoked === 'true' });
      return sendHal(reply, tokensBody(baseUrlOf(request), tokens));
    });

    app.post('/tokens', { config }, async (request, reply) => {
      const body = createTokenBody.parse(request.body);
      const { token, secret } = await createToken(app.db, { ...body, createdBy: actorOf(request.principal).actor });
      const base = baseUrlOf(request);
      reply.header('location', tokenUrl(base, token.uuid));
      reply.header('cache-control', 'no-store');
      return sendHal(reply, { ...tokenBody(base, token), token: secret }, 201);
    });

    app.get('/tokens/:tokenUuid', { config }, async (request, reply) => {
      const { tokenUuid } = tokenParams.parse(request.params);
      const token = await findLiveTokenByNameOrUuid(app.db, tokenUuid);
      if (!token) throw new TokenNotFound(tokenUuid);
      return sendHal(reply, tokenBody(baseUrlOf(request), token));
    });

    app.delete('/tokens/:tokenUuid', { config }, async (request, reply) => {
      const { tokenUuid } = tokenParams.parse(request.params);
      const token = await revokeTokenNamed(app.db, tokenUuid, actorOf(request.principal).actor);
      authenticator.forget(token.token_hash);
      return sendHal(reply, tokenBody(baseUrlOf(request), token));
    });
  },
  { name: 'tokens', dependencies: ['database', 'auth'], encapsulate: true },
);
