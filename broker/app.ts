import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { z } from 'zod';
import { issueMessage } from '../contracts/broker-api/issue-messages';
import { auditCleanup } from './audit/cleanup-event';
import { auditPlugin } from './audit/plugin';
import { auditRoutes } from './audit/routes';
import { Authenticator } from './auth/authenticator';
import { FailedAuthenticationLimiter } from './auth/failed-authentication-limiter';
import { authPlugin } from './auth/plugin';
import { sessionRoutes } from './auth/session-routes';
import { tokenRoutes } from './auth/routes';
import type { BrokerConfig } from './config';
import { databasePlugin } from './db/plugin';
import { diagnosticRoutes } from './diagnostics/routes';
import { deploymentRoutes } from './environments/deployment-routes';
import { environmentRoutes } from './environments/routes';
import { buildVersionBodies } from './environments/version-resource';
import { registerJsonContentTypes } from './http/content-types';
import { answerFrameworkError, registerProblemHandlers } from './http/problems';
import { registerRequestLog, textLogStream } from './http/request-log';
import { registerSecurityHeaders } from './http/security-headers';
import { labelRoutes } from './pacticipants/label-routes';
import { indexRoutes } from './index/routes';
import { matrixRoutes } from './matrix/routes';
import { pacticipantRoutes } from './pacticipants/routes';
import { pactRoutes } from './pacts/routes';
import { pactsForVerificationRoutes } from './pacts-for-verification/routes';
import { publishRoutes } from './pacts/publish-routes';
import { verificationRoutes } from './verifications/routes';
import { branchRoutes } from './versions/branch-routes';
import { tagRoutes } from './versions/tag-routes';
import { uiRoutes } from './ui/routes';
import { registerWebhooks } from './webhooks/plugin';
import { comparePublishedPacts, providerContractRoutes } from './provider-contracts/routes';
import { scheduleCleanup } from './cleanup/schedule';
import { BrokerMetrics } from './metrics/broker-metrics';
import { metricsRoutes } from './metrics/routes';
import { usageRoutes } from './usage/routes';
import { versionRoutes } from './versions/routes';
import { findLatestVersionNumbers } from './versions/store';

export type BuildOptions = { logger?: boolean };

/** A caller's X-Request-Id when it is a sensible one, else a new uuid. */
function requestIdOf(request: { headers: Record<string, string | string[] | undefined> }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}

// Request validation speaks in the same words as pact validation.
z.config({ customError: issueMessage });

/** The broker: infrastructure first, then one plugin per domain. */
export async function buildBroker(config: BrokerConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // tokens and passwords travel in these headers; no log line may carry them
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            ...(config.logFormat === 'text' ? { stream: textLogStream(process.stdout) } : {}),
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
          },
    bodyLimit: config.bodyLimit,
    // version numbers and names arrive as path segments; long ones get a 400 that names the
    // limit rather than a bare 404 from the router
    routerOptions: { maxParamLength: 2000, ignoreTrailingSlash: true },
    frameworkErrors: answerFrameworkError,
    trustProxy: config.trustProxy,
    // a request that reached the broker before SIGTERM is answered, not refused with 503
    return503OnClosing: false,
    // registerRequestLog writes one line per request instead of fastify's two
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdOf,
    requestIdHeader: false,
  });
  // the request id a caller (or a proxy) sent is kept, and every answer says which it was
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerRequestLog(app);
  registerJsonContentTypes(app);
  registerProblemHandlers(app);
  await registerSecurityHeaders(app, config.corsOrigins);
  const metrics = new BrokerMetrics();
  app.addHook('onResponse', async (request, reply) =>
    metrics.observeRequest(
      request.routeOptions.url ?? 'unmatched',
      request.method,
      reply.statusCode,
      reply.elapsedTime / 1000,
    ),
  );
  await app.register(databasePlugin, { config, onQuery: metrics.observeQuery, onPoolUse: metrics.watchPool });
  metrics.watchDatabase(app.db);
  const authenticator = new Authenticator(app.db, config.auth);
  const limiter = new FailedAuthenticationLimiter(config.auth.failedAuthenticationLimit, 60_000);
  await app.register(authPlugin, { authenticator, limiter, config: config.auth, corsOrigins: config.corsOrigins });
  await app.register(sessionRoutes, { limiter });
  await app.register(auditPlugin);
  await app.register(diagnosticRoutes);
  await app.register(indexRoutes);
  await app.register(tokenRoutes, { authenticator });
  await app.register(auditRoutes);
  await app.register(labelRoutes);
  // resources that embed what a domain above holds get its builder from here (DESIGN.md: the domain order)
  await app.register(pacticipantRoutes, { findLatestVersionNumbers });
  await app.register(versionRoutes, { versionResources: buildVersionBodies });
  await app.register(branchRoutes, { versionResources: buildVersionBodies });
  await app.register(tagRoutes);
  // webhooks listen to publications and verifications, which queue them in their own transactions
  const { onPactsPublished, onVerificationPublished } = await registerWebhooks(
    app,
    config.webhooks,
    metrics.countDelivery,
  );
  // and each pact is compared with the provider contracts that matter, once committed
  const compareWithProviderContracts = comparePublishedPacts(app.db, app.log);
  const onPactsPublishedAll: typeof onPactsPublished = async (trx, published) => {
    await onPactsPublished(trx, published);
    await compareWithProviderContracts(trx, published);
  };
  await app.register(publishRoutes, { onPactsPublished: onPactsPublishedAll });
  await app.register(pactRoutes, { onPactsPublished: onPactsPublishedAll });
  await app.register(providerContractRoutes);
  await app.register(usageRoutes);
  await app.register(pactsForVerificationRoutes);
  await app.register(verificationRoutes, { onVerificationPublished });
  await app.register(environmentRoutes);
  await app.register(deploymentRoutes);
  await app.register(matrixRoutes);
  await app.register(uiRoutes, { authenticator });
  await app.register(metricsRoutes, { metrics });
  scheduleCleanup(app, config.cleanup, async (report) => {
    metrics.countCleanup(report);
    if (report !== 'failed') await auditCleanup(app.db, 'scheduled clean-up', report);
  });
  return app;
}
