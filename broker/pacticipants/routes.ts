import type { FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import type { Db } from '../db/database';
import { baseUrlOf, sendCreatedOrUpdated, sendHal } from '../http/hal';
import { PacticipantAlreadyExists, PacticipantNameMismatch } from './errors';
import { requirePacticipant } from './require';
import { pacticipantBody, pacticipantsBody, pacticipantUrl } from './hal';
import { pageQuery } from '../http/pagination';
import { createPacticipantBody, pacticipantFields, pacticipantParams } from './schemas';
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
    app.get('/pacticipants', { config: { resourceName: 'pacticipants' } }, async (request, reply) => {
      const page = pageQuery.parse(request.query);
      const base = baseUrlOf(request);
      const { rows, total } = await listPacticipants(app.db, page);
      const latest = await findLatestVersionNumbers(
        app.db,
        rows.map((row) => row.id),
      );
      const bodies = rows.map((row) => pacticipantBody(base, row, latest.get(row.id)));
      return sendHal(reply, pacticipantsBody(base, bodies, { ...page, totalElements: total }));
    });

    app.post('/pacticipants', { config: { resourceName: 'pacticipants' } }, async (request, reply) => {
      const body = createPacticipantBody.parse(request.body);
      const created = await insertPacticipant(app.db, body.name, columnsOf(body));
      if (!created) throw new PacticipantAlreadyExists(body.name);
      const base = baseUrlOf(request);
      return sendCreatedOrUpdated(reply, true, pacticipantUrl(base, created.name), pacticipantBody(base, created));
    });

    app.get('/pacticipants/:pacticipantName', { config: { resourceName: 'pacticipant' } }, async (request, reply) => {
      const { pacticipantName } = pacticipantParams.parse(request.params);
      const pacticipant = await requirePacticipant(app.db, pacticipantName);
      const latest = await findLatestVersionNumbers(app.db, [pacticipant.id]);
      return sendHal(reply, pacticipantBody(baseUrlOf(request), pacticipant, latest.get(pacticipant.id)));
    });

    const createOrUpdate = (resetMissing: boolean) =>
      async function (request: FastifyRequest, reply: FastifyReply) {
        const { pacticipantName } = pacticipantParams.parse(request.params);
        const body = pacticipantFields.parse(request.body ?? {});
        if (body.name !== undefined && body.name !== pacticipantName)
          throw new PacticipantNameMismatch(pacticipantName, body.name);
        const { pacticipant, created } = await app.db
          .transaction()
          .execute((trx) =>
            createOrUpdatePacticipant(trx, pacticipantName, columnsOf(body), columnsOf(body, resetMissing)),
          );
        const base = baseUrlOf(request);
        return sendCreatedOrUpdated(
          reply,
          created,
          pacticipantUrl(base, pacticipant.name),
          pacticipantBody(base, pacticipant),
        );
      };
    app.put('/pacticipants/:pacticipantName', { config: { resourceName: 'pacticipant' } }, createOrUpdate(true));
    app.patch('/pacticipants/:pacticipantName', { config: { resourceName: 'pacticipant' } }, createOrUpdate(false));

    app.delete(
      '/pacticipants/:pacticipantName',
      { config: { resourceName: 'pacticipant' } },
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
