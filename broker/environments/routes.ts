import fastifyPlugin from 'fastify-plugin';
import { adminAccess } from '../http/access';
import { baseUrlOf, link, sendCreatedOrUpdated, sendHal } from '../http/hal';
import { EnvironmentInUse, EnvironmentNameTaken, EnvironmentUuidTaken } from './errors';
import { requireEnvironment } from './require';
import { environmentBody, environmentsUrl, environmentUrl } from './hal';
import { environmentBody as environmentRequest, environmentParams, environmentQuery } from './schemas';
import {
  deleteEnvironment,
  findEnvironmentByName,
  insertEnvironment,
  listCurrentPlacementsIn,
  listEnvironments,
  updateEnvironment,
} from './store';

export const environmentRoutes = fastifyPlugin(
  async (app) => {
    app.get('/environments', { config: { resourceName: 'environments' } }, async (request, reply) => {
      const { name } = environmentQuery.parse(request.query);
      const base = baseUrlOf(request);
      const environments = await listEnvironments(app.db, name);
      return sendHal(reply, {
        _embedded: { environments: environments.map((environment) => environmentBody(base, environment)) },
        _links: {
          self: link(environmentsUrl(base), { title: 'Environments' }),
          // the Ruby pact-broker client's record-undeployment and record-support-ended find the environment here
          'pb:environments': environments.map((environment) =>
            link(environmentUrl(base, environment.uuid), { title: 'Environment', name: environment.name }),
          ),
        },
      });
    });

    app.post(
      '/environments',
      { config: { resourceName: 'environments', access: adminAccess() } },
      async (request, reply) => {
        const body = environmentRequest.parse(request.body);
        const created = await insertEnvironment(app.db, body);
        if (!created) {
          if (await findEnvironmentByName(app.db, body.name)) throw new EnvironmentNameTaken(body.name);
          throw new EnvironmentUuidTaken(body.uuid ?? '');
        }
        const base = baseUrlOf(request);
        return sendCreatedOrUpdated(reply, true, environmentUrl(base, created.uuid), environmentBody(base, created));
      },
    );

    app.get('/environments/:environmentUuid', { config: { resourceName: 'environment' } }, async (request, reply) => {
      const { environmentUuid } = environmentParams.parse(request.params);
      return sendHal(reply, environmentBody(baseUrlOf(request), await requireEnvironment(app.db, environmentUuid)));
    });

    // PUT replaces the environment; the name stays unique.
    app.put(
      '/environments/:environmentUuid',
      { config: { resourceName: 'environment', access: adminAccess() } },
      async (request, reply) => {
        const { environmentUuid } = environmentParams.parse(request.params);
        const body = environmentRequest.parse(request.body);
        const environment = await requireEnvironment(app.db, environmentUuid);
        const holder = await findEnvironmentByName(app.db, body.name);
        if (holder && holder.id !== environment.id) throw new EnvironmentNameTaken(body.name);
        return sendHal(
          reply,
          environmentBody(baseUrlOf(request), await updateEnvironment(app.db, environment.id, body)),
        );
      },
    );

    // Refused while anything runs there: deleting it would silently drop what can-i-deploy checks against.
    app.delete(
      '/environments/:environmentUuid',
      { config: { resourceName: 'environment', access: adminAccess() } },
      async (request, reply) => {
        const { environmentUuid } = environmentParams.parse(request.params);
        const environment = await requireEnvironment(app.db, environmentUuid);
        const [deployed, supported] = await Promise.all([
          listCurrentPlacementsIn(app.db, 'deployed', environment.id),
          listCurrentPlacementsIn(app.db, 'released', environment.id),
        ]);
        const inUse = [...deployed, ...supported].map(
          (record) => `${record.pacticipant_name} ${record.version_number}`,
        );
        if (inUse.length > 0) throw new EnvironmentInUse(environment.name, inUse);
        await deleteEnvironment(app.db, environment.id);
        return reply.status(204).send();
      },
    );
  },
  { name: 'environments', dependencies: ['database'], encapsulate: true },
);
