import fastifyPlugin from 'fastify-plugin';
import { inTransaction } from '../db/write-races';
import { adminAccess, paramNamed } from '../http/access';
import { baseUrlOf, sendCreatedOrUpdated, sendHal } from '../http/hal';
import { LabelNotFound } from './errors';
import { labelBody, labelUrl } from './hal';
import { deleteLabel, findLabel, insertLabel } from './label-store';
import { requirePacticipant } from './require';
import { labelParams } from './schemas';
import { upsertPacticipant } from './store';

/**
 * Labels group pacticipants (a team, a domain): tokens can be scoped to a label and webhooks
 * select by them. Changing one changes who may write, so it takes the admin role.
 */
export const labelRoutes = fastifyPlugin(
  async (app) => {
    const config = { resourceName: 'pacticipant_label', access: adminAccess(paramNamed('pacticipantName')) };

    app.get('/pacticipants/:pacticipantName/labels/:labelName', { config }, async (request, reply) => {
      const { pacticipantName, labelName } = labelParams.parse(request.params);
      const pacticipant = await requirePacticipant(app.db, pacticipantName);
      const label = await findLabel(app.db, pacticipant.id, labelName);
      if (!label) throw new LabelNotFound(pacticipantName, labelName);
      return sendHal(reply, labelBody(baseUrlOf(request), pacticipant.name, label));
    });

    // as in the Pact Broker, labelling a pacticipant that does not exist yet creates it
    app.put('/pacticipants/:pacticipantName/labels/:labelName', { config }, async (request, reply) => {
      const { pacticipantName, labelName } = labelParams.parse(request.params);
      const { label, created } = await inTransaction(app.db, 'The label', async (trx) => {
        const { pacticipant } = await upsertPacticipant(trx, pacticipantName);
        const added = await insertLabel(trx, pacticipant.id, labelName);
        return { label: (await findLabel(trx, pacticipant.id, labelName))!, created: added };
      });
      const base = baseUrlOf(request);
      return sendCreatedOrUpdated(
        reply,
        created,
        labelUrl(base, pacticipantName, labelName),
        labelBody(base, pacticipantName, label),
      );
    });

    app.delete('/pacticipants/:pacticipantName/labels/:labelName', { config }, async (request, reply) => {
      const { pacticipantName, labelName } = labelParams.parse(request.params);
      const pacticipant = await requirePacticipant(app.db, pacticipantName);
      if (!(await deleteLabel(app.db, pacticipant.id, labelName))) throw new LabelNotFound(pacticipantName, labelName);
      return reply.status(204).send();
    });
  },
  { name: 'labels', dependencies: ['database'], encapsulate: true },
);
