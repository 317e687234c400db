import type { DeployedVersionRecord, Environment, ReleasedVersionRecord } from '../environments/store';
import { humanise } from '../../contracts/broker-api/display-name';
import { pacticipantUrl } from '../pacticipants/hal';
import { html, type Html } from './html';
import { canIDeployPageUrl } from './links';
import { when } from './when';

/** A version in an environment: deployed (to an application instance, perhaps) or released and supported. */
export type PlacementView = {
  versionNumber: string;
  how: 'deployed' | 'released';
  applicationInstance: string | null;
  since: string;
};

/** One line per pacticipant, one cell per environment: what is where. */
export type EnvironmentGrid = {
  environments: { name: string; displayName: string; production: boolean }[];
  rows: { pacticipantName: string; cells: PlacementView[][] }[];
};

export function environmentGrid(
  environments: Environment[],
  placements: { deployed: DeployedVersionRecord[]; released: ReleasedVersionRecord[] },
): EnvironmentGrid {
  const column = new Map(environments.map((environment, index) => [environment.id, index]));
  const rows = new Map<string, PlacementView[][]>();
  const place = (pacticipantName: string, environmentId: number, placement: PlacementView) => {
    const index = column.get(environmentId);
    if (index === undefined) return;
    if (!rows.has(pacticipantName))
      rows.set(
        pacticipantName,
        environments.map(() => []),
      );
    rows.get(pacticipantName)![index]!.push(placement);
  };
  for (const deployed of placements.deployed) {
    place(deployed.pacticipant_name, deployed.environment_id, {
      versionNumber: deployed.version_number,
      how: 'deployed',
      applicationInstance: deployed.application_instance,
      since: deployed.created_at,
    });
  }
  for (const released of placements.released) {
    place(released.pacticipant_name, released.environment_id, {
      versionNumber: released.version_number,
      how: 'released',
      applicationInstance: null,
      since: released.created_at,
    });
  }
  return {
    environments: environments.map((environment) => ({
      name: environment.name,
      displayName: environment.display_name ?? humanise(environment.name),
      production: Boolean(environment.production),
    })),
    rows: [...rows.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([pacticipantName, cells]) => ({ pacticipantName, cells })),
  };
}

function renderPlacement(placement: PlacementView, now: Date): Html {
  const instance =
    placement.applicationInstance === null ? '' : html` <span class="muted">(${placement.applicationInstance})</span>`;
  return html`<div><code>${placement.versionNumber}</code>${instance} <span class="muted">${placement.how} ${when(placement.since, now)}</span></div>`;
}

const PRODUCTION = html` <span class="tag environment">production</span>`;

export function environmentsBody(grid: EnvironmentGrid, basePath: string, now: Date): Html {
  if (grid.environments.length === 0) {
    const command = html`<code>pact-broker create-environment --name production --production</code>`;
    return html`<h1>Environments</h1><p class="muted">No environments yet. ${command} creates one.</p>`;
  }
  const heading = grid.environments.map(
    (environment) =>
      html`<th>${environment.displayName}${environment.production ? PRODUCTION : ''}<br><span class="muted">${environment.name}</span></th>`,
  );
  const rows = grid.rows.map(
    (row) =>
      html`<tr><td><a href="${pacticipantUrl(basePath, row.pacticipantName)}">${row.pacticipantName}</a></td>${row.cells.map(
        (cell, index) =>
          html`<td>${
            cell.length === 0
              ? nothingPlaced(basePath, row.pacticipantName, grid.environments[index]!.name)
              : cell.map((placement) => renderPlacement(placement, now))
          }</td>`,
      )}</tr>`,
  );
  return html`<h1>Environments</h1>
<p class="muted">What is deployed, or released and still supported, in each environment.</p>
${grid.rows.length === 0 ? html`<p class="muted">Nothing has been recorded as deployed or released yet.</p>` : ''}
<table><thead><tr><th>Pacticipant</th>${heading}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** An empty cell links to the question the reader has next: can it go there? */
function nothingPlaced(basePath: string, pacticipant: string, environment: string): Html {
  return html`<a class="muted" href="${canIDeployPageUrl(basePath, { pacticipant, environment })}">—</a>`;
}
