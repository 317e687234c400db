import type { FastifyReply, FastifyRequest } from 'fastify';
import { inTransaction } from '../db/write-races';
import fastifyPlugin from 'fastify-plugin';
import type { Db } from '../db/database';
import { adminAccess, bodyFieldNamed, paramNamed, writeAccess } from '../http/access';
import { baseUrlOf, sendCreatedOrUpdated, sendHal } from '../http/hal';
import { PacticipantAlreadyExists, PacticipantNameMismatch } from './errors';
import { requirePacticipant } from './require';
import { pacticipantBody, pacticipantsBody, pacticipantUrl } from './hal';
import { pageQuery } from '../http/pagination';
import { listLabelsOf } from './label-store';
import { createPacticipantBody, pacticipantFields, pacticipantParams, pacticipantsForLabelParams } from './schemas';
import {
  createOrUpdatePacticipant,
  deletePacticipant,
  insertPacticipant,
  listPacticipants,
  type PacticipantFields,
} from './store';

type FieldsInput = {
  displayName?: string | null;
  repositoryUrl?: string | null;
  repositoryName?: string | null;
  repositoryNamespace?: string | null;
  mainBranch?: string | null;
};

/** Only the fields a client sent: PATCH leaves the others alone (merge-patch). */
function columnsOf(input: FieldsInput, resetMissing = false): PacticipantFields {
  const pick = (value: string | null | undefined) => (value === undefined ? (resetMissing ? null : undefined) : value);
  const columns: PacticipantFields = {
    display_name: pick(input.displayName),
    repository_url: pick(input.repositoryUrl),
    repository_name: pick(input.repositoryName),
    repository_namespace: pick(input.repositoryNamespace),
    main_branch: pick(input.mainBranch),
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}

/**
 * The latest version number of each pacticipant, which its resource embeds. Versions are the
 * domain above, so app.ts hands their store's query to these routes.
 */
export type LatestVersionNumbers = (db: Db, pacticipantIds: number[]) => Promise<Map<number, string>>;

export const pacticipantRoutes = fastifyPlugin<{ findLatestVersionNumbers: LatestVersionNumbers }>(
  async (app, { findLatestVersionNumbers }) => {
    const listPage = async (request: FastifyRequest, reply: FastifyReply, labelled?: string) => {
      const page = pageQuery.parse(request.query);
      const base = baseUrlOf(request);
      const { rows, total } = await listPacticipants(app.db, page, labelled);
      const ids = rows.map((row) => row.id);
      const [latest, labels] = await Promise.all([findLatestVersionNumbers(app.db, ids), listLabelsOf(app.db, ids)]);
      const bodies = rows.map((row) => pacticipantBody(base, row, latest.get(row.id), labels.get(row.id)));
      return sendHal(reply, pacticipantsBody(base, bodies, { ...page, totalElements: total }));
    };
    app.get('/pacticipants', { config: { resourceName: 'pacticipants' } }, (request, reply) =>
      listPage(request, reply),
    );
    app.get(
      '/pacticipants/label/:labelName',
      { config: { resourceName: 'pacticipants_for_label' } },
      (request, reply) => listPage(request, reply, pacticipantsForLabelParams.parse(request.params).labelName),
    );

    const writesNamedInBody = { resourceName: 'pacticipants', access: writeAccess(bodyFieldNamed('name')) };
    app.post('/pacticipants', { config: writesNamedInBody }, async (request, reply) => {
      const body = createPacticipantBody.parse(request.body);
      const created = await insertPacticipant(app.db, body.name, columnsOf(body));
      if (!created) throw new PacticipantAlreadyExists(body.name);
      const base = baseUrlOf(request);
      return sendCreatedOrUpdated(reply, true, pacticipantUrl(base, created.name), pacticipantBody(base, created));
    });

    app.get('/pacticipants/:pacticipantName', { config: { resourceName: 'pacticipant' } }, async (request, reply) => {
      const { pacticipantName } = pacticipantParams.parse(request.params);
      const pacticipant = await requirePacticipant(app.db, pacticipantName);
      const [latest, labels] = await Promise.all([
        findLatestVersionNumbers(app.db, [pacticipant.id]),
        listLabelsOf(app.db, [pacticipant.id]),
      ]);
      return sendHal(
        reply,
        pacticipantBody(baseUrlOf(request), pacticipant, latest.get(pacticipant.id), labels.get(pacticipant.id)),
      );
    });

    const createOrUpdate = (resetMissing: boolean) =>
      async function (request: FastifyRequest, reply: FastifyReply) {
        const { pacticipantName } = pacticipantParams.parse(request.params);
        const body = pacticipantFields.parse(request.body ?? {});
        if (body.name !== undefined && body.name !== pacticipantName)
          throw new PacticipantNameMismatch(pacticipantName, body.name);
        const { pacticipant, created } = await inTransaction(app.db, 'The pacticipant', (trx) =>
          createOrUpdatePacticipant(trx, pacticipantName, columnsOf(body), columnsOf(body, resetMissing)),
        );
        const base = baseUrlOf(request);
        const labels = await listLabelsOf(app.db, [pacticipant.id]);
        return sendCreatedOrUpdated(
          reply,
          created,
          pacticipantUrl(base, pacticipant.name),
          pacticipantBody(base, pacticipant, undefined, labels.get(pacticipant.id)),
        );
      };
    const named = paramNamed('pacticipantName');
    const writes = { resourceName: 'pacticipant', access: writeAccess(named) };
    app.put('/pacticipants/:pacticipantName', { config: writes }, createOrUpdate(true));
    app.patch('/pacticipants/:pacticipantName', { config: writes }, createOrUpdate(false));

    app.delete(
      '/pacticipants/:pacticipantName',
      { config: { resourceName: 'pacticipant', access: adminAccess(named) } },
      async (request, reply) => {
        const { pacticipantName } = pacticipantParams.parse(request.params);
        const pacticipant = await requirePacticipant(app.db, pacticipantName);
        await deletePacticipant(app.db, pacticipant.id);
        return reply.status(204).send();
      },
    );
  },
  { name: 'pacticipants', dependencies: ['database'], encapsulate: true },
);
