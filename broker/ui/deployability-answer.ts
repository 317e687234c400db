import type { Db } from '../db/database';
import { findEnvironmentByName } from '../environments/store';
import type { Decision } from '../matrix/deployability';
import { buildMatrix, decideOnMatrix, type Matrix } from '../matrix/rows';
import { type MatrixQuery, parseMatrixQuery } from '../matrix/schemas';
import { findPacticipantByName, type Pacticipant } from '../pacticipants/store';

/** Why there is no answer, or the answer: the same matrix and decision the API's can-i-deploy gives. */
export type DeployabilityAnswer =
  | { kind: 'unknownPacticipant'; name: string }
  | { kind: 'unknownEnvironment'; name: string }
  | { kind: 'answered'; matrix: Matrix; decision: Decision };

/** One version (or the latest, or a branch's latest) going to one environment, as a matrix query. */
export type DeployQuestion = { pacticipant: string; environment: string } & (
  { version: string } | { latest: true } | { branch: string }
);

export function deployQuery(question: DeployQuestion): MatrixQuery {
  const selector: Record<string, string> =
    'version' in question
      ? { pacticipant: question.pacticipant, version: question.version }
      : 'branch' in question
        ? { pacticipant: question.pacticipant, branch: question.branch, latest: 'true' }
        : { pacticipant: question.pacticipant, latest: 'true' };
  return parseMatrixQuery({
    q: [selector],
    ignore: [],
    success: [],
    options: { latestby: 'cvpv', environment: question.environment },
  });
}

/**
 * can-i-deploy for a page or a badge: the matrix (matrix/rows.ts) and the decision
 * (matrix/deployability.ts) exactly as GET /can-i-deploy computes them, with an unknown
 * name reported as an answer rather than thrown, so a page can say so next to its form.
 */
export async function answerDeployability(db: Db, query: MatrixQuery): Promise<DeployabilityAnswer> {
  const pacticipants = new Map<string, Pacticipant>();
  for (const { pacticipant: name } of query.selectors) {
    const pacticipant = await findPacticipantByName(db, name);
    if (!pacticipant) return { kind: 'unknownPacticipant', name };
    pacticipants.set(name, pacticipant);
  }
  if (query.target.kind === 'environment' && !(await findEnvironmentByName(db, query.target.environment))) {
    return { kind: 'unknownEnvironment', name: query.target.environment };
  }
  const matrix = await buildMatrix(db, query, pacticipants);
  const decision = decideOnMatrix(matrix, query);
  return { kind: 'answered', matrix, decision };
}
