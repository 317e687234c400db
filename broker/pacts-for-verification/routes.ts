import fastifyPlugin from 'fastify-plugin';
import { readAccess } from '../http/access';
import { environmentOf, toSelectors } from '../../contracts/selectors';
import { nearestName } from '../../contracts/nearest-name';
import { findEnvironmentByName, listEnvironments } from '../environments/store';
import { baseUrlOf, link, sendHal } from '../http/hal';
import { requirePacticipant } from '../pacticipants/require';
import { UnknownEnvironment } from './errors';
import { forVerificationUrl, pactsForVerificationBody } from './hal';
import { pactsForVerificationBody as requestBody, providerParams } from './schemas';
import { selectPactsForVerification } from './selection';

export const pactsForVerificationRoutes = fastifyPlugin(
  async (app) => {
    // The verifier GETs this only to learn where to POST (its self link).
    app.get(
      '/pacts/provider/:providerName/for-verification',
      { config: { resourceName: 'provider_pacts_for_verification' } },
      async (request, reply) => {
        const { providerName } = providerParams.parse(request.params);
        const provider = await requirePacticipant(app.db, providerName);
        return sendHal(reply, {
          _links: {
            self: link(forVerificationUrl(baseUrlOf(request), provider.name), { title: 'Pacts to be verified' }),
          },
        });
      },
    );

    app.post(
      '/pacts/provider/:providerName/for-verification',
      { config: { resourceName: 'provider_pacts_for_verification', access: readAccess } },
      async (request, reply) => {
        const { providerName } = providerParams.parse(request.params);
        const body = requestBody.parse(request.body ?? {});
        const provider = await requirePacticipant(app.db, providerName);
        const wire = body.consumerVersionSelectors ?? [];
        for (const [index, selector] of wire.entries()) {
          const environment = environmentOf(toSelectors(selector)[0]!);
          if (environment && !(await findEnvironmentByName(app.db, environment))) {
            const names = (await listEnvironments(app.db)).map((known) => known.name);
            throw new UnknownEnvironment(
              environment,
              `/consumerVersionSelectors/${index}/environment`,
              nearestName(environment, names),
            );
          }
        }
        const verificationRequest = {
          selectors: wire.flatMap(toSelectors),
          providerVersionBranch: body.providerVersionBranch,
          providerVersionTags: body.providerVersionTags,
          includePendingStatus: body.includePendingStatus,
          includeWipPactsSince: body.includeWipPactsSince,
        };
        const { items, position } = await selectPactsForVerification(app.db, provider, verificationRequest);
        return sendHal(
          reply,
          pactsForVerificationBody(baseUrlOf(request), provider.name, items, {
            position,
            includePendingStatus: body.includePendingStatus,
            wipSince: body.includeWipPactsSince,
          }),
        );
      },
    );
  },
  { name: 'pacts-for-verification', dependencies: ['database'], encapsulate: true },
);
