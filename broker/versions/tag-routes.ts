import fastifyPlugin from 'fastify-plugin';
import { inTransaction } from '../db/write-races';
import { adminAccess, paramNamed, writeAccess } from '../http/access';
import { baseUrlOf, sendCreatedOrUpdated, sendHal } from '../http/hal';
import { requirePacticipant } from '../pacticipants/require';
import { upsertPacticipant } from '../pacticipants/store';
import { TagNotFound } from './errors';
import { tagBody, tagUrl } from './hal';
import { requireVersion } from './require';
import { tagParams } from './schemas';
import { deleteTag, findTag, findVersion, tagVersion, upsertVersion } from './store';

export const tagRoutes = fastifyPlugin(
  async (app) => {
    app.get(
      '/pacticipants/:pacticipantName/versions/:versionNumber/tags/:tagName',
      { config: { resourceName: 'tag' } },
      async (request, reply) => {
        const { pacticipantName, versionNumber, tagName } = tagParams.parse(request.params);
        const { pacticipant, version } = await requireVersion(app.db, pacticipantName, versionNumber);
        const tag = await findTag(app.db, version.id, tagName);
        if (!tag) throw new TagNotFound(pacticipant.name, versionNumber, tagName);
        return sendHal(reply, tagBody(baseUrlOf(request), pacticipant.name, versionNumber, tag));
      },
    );

    // Creates the pacticipant and version when missing: `create-version-tag
    // --auto-create-version` and verifiers publishing provider tags rely on it. The body
    // (`{"name": tag}` from the CLI, `{}` from the verifier) is ignored.
    app.put(
      '/pacticipants/:pacticipantName/versions/:versionNumber/tags/:tagName',
      { config: { resourceName: 'tag', access: writeAccess(paramNamed('pacticipantName')) } },
      async (request, reply) => {
        const { pacticipantName, versionNumber, tagName } = tagParams.parse(request.params);
        const { tag, created } = await inTransaction(app.db, 'The tag', async (trx) => {
          const { pacticipant } = await upsertPacticipant(trx, pacticipantName);
          const { version } = await upsertVersion(trx, pacticipant.id, versionNumber);
          return tagVersion(trx, pacticipant, version, tagName, app.config);
        });
        const base = baseUrlOf(request);
        return sendCreatedOrUpdated(
          reply,
          created,
          tagUrl(base, pacticipantName, versionNumber, tagName),
          tagBody(base, pacticipantName, versionNumber, tag),
        );
      },
    );

    app.delete(
      '/pacticipants/:pacticipantName/versions/:versionNumber/tags/:tagName',
      { config: { resourceName: 'tag', access: adminAccess(paramNamed('pacticipantName')) } },
      async (request, reply) => {
        const { pacticipantName, versionNumber, tagName } = tagParams.parse(request.params);
        const pacticipant = await requirePacticipant(app.db, pacticipantName);
        const version = await findVersion(app.db, pacticipant.id, versionNumber);
        const tag = version && (await findTag(app.db, version.id, tagName));
        if (!tag) throw new TagNotFound(pacticipant.name, versionNumber, tagName);
        await deleteTag(app.db, tag.id);
        return reply.status(204).send();
      },
    );
  },
  { name: 'tags', dependencies: ['database'], encapsulate: true },
);
