import fastifyPlugin from 'fastify-plugin';
import type { Authenticator } from '../auth/authenticator';
import { registerFormBodies } from '../http/content-types';
import { registerErrorPage } from './error-page';
import { registerRepresentationConstraint } from './negotiation';
import { badgeRoutes } from './badge-routes';
import { canIDeployPage } from './can-i-deploy-page';
import { environmentsPage } from './environments-page';
import { faviconRoute } from './favicon';
import { matrixPage } from './matrix-page';
import { networkPage } from './network-page';
import { overviewPage } from './overview-page';
import { pacticipantPage } from './pacticipant-page';
import { pactPage } from './pact-page';
import { signInPage } from './sign-in-page';
import { tokensPage } from './tokens-page';
import { usagePage } from './usage-page';
import { webhooksPages } from './webhooks-page';
import { verificationPage } from './verification-page';

/**
 * The web pages. Each page that has an API twin is registered at the twin's path with the
 * `representation: 'html'` constraint (negotiation.ts), so only a browser's request reaches
 * it; pages with no twin live under /ui, badges at the Pact Broker's badge paths, the
 * icon at /favicon.ico, and the sign-in form at /login.
 */
export const uiRoutes = fastifyPlugin<{ authenticator: Authenticator }>(
  async (app, { authenticator }) => {
    registerRepresentationConstraint(app);
    registerErrorPage(app);
    registerFormBodies(app);
    overviewPage(app);
    pactPage(app);
    verificationPage(app);
    pacticipantPage(app);
    usagePage(app);
    matrixPage(app);
    canIDeployPage(app);
    environmentsPage(app);
    networkPage(app);
    badgeRoutes(app);
    faviconRoute(app);
    signInPage(app);
    tokensPage(app, authenticator);
    webhooksPages(app);
  },
  { name: 'ui', dependencies: ['database'], encapsulate: true },
);
