import fastifyPlugin from 'fastify-plugin';
import { auditIndexLinks } from '../audit/hal';
import { tokenIndexLinks } from '../auth/hal';
import { baseUrlOf, link, sendHal } from '../http/hal';
import { environmentIndexLinks } from '../environments/hal';
import { matrixIndexLinks } from '../matrix/hal';
import { pacticipantIndexLinks } from '../pacticipants/hal';
import { pactIndexLinks } from '../pacts/hal';
import { providerContractIndexLinks } from '../provider-contracts/routes';
import { forVerificationIndexLinks } from '../pacts-for-verification/hal';
import { versionIndexLinks } from '../versions/hal';
import { webhookIndexLinks } from '../webhooks/hal';

/** `GET /`: where every Pact client starts. Each domain contributes the links it serves. */
export const indexRoutes = fastifyPlugin(
  async (app) => {
    app.get('/', { config: { resourceName: 'index' } }, async (request, reply) => {
      const base = baseUrlOf(request);
      return sendHal(reply, {
        _links: {
          self: link(base, { title: 'Index' }),
          ...pactIndexLinks(base),
          ...pacticipantIndexLinks(base),
          ...versionIndexLinks(base),
          ...forVerificationIndexLinks(base),
          ...environmentIndexLinks(base),
          ...matrixIndexLinks(base),
          ...webhookIndexLinks(base),
          ...providerContractIndexLinks(base),
          ...auditIndexLinks(base),
          ...tokenIndexLinks(base),
          curies: [{ name: 'pb', href: `${base}/doc/{rel}?context=index`, templated: true }],
        },
      });
    });
  },
  { name: 'index', dependencies: ['database'], encapsulate: true },
);
