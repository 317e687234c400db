import type { DeployedVersionRecord, Environment, ReleasedVersionRecord } from '../environments/store';
import { environmentGrid, environmentsBody } from './environments-view';
import { NOW } from './view-examples';

const environment = (id: number, name: string, production = false): Environment => ({
  id,
  uuid: `uuid-${id}`,
  name,
  display_name: null,
  production: production ? 1 : 0,
  contacts: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
});

const placed = { uuid: 'u', pacticipant_id: 1, environment_uuid: 'x', created_at: '2026-01-10T09:00:00.000Z' };
const deployed = (
  pacticipant: string,
  version: string,
  environmentId: number,
  instance: string | null = null,
): DeployedVersionRecord => ({
  ...placed,
  id: 1,
  version_id: 1,
  environment_id: environmentId,
  application_instance: instance,
  undeployed_at: null,
  version_number: version,
  pacticipant_name: pacticipant,
});
const released = (pacticipant: string, version: string, environmentId: number): ReleasedVersionRecord => ({
  ...placed,
  id: 2,
  version_id: 2,
  environment_id: environmentId,
  support_ended_at: null,
  version_number: version,
  pacticipant_name: pacticipant,
});

describe('environmentGrid', () => {
  it('puts each deployed or released version in its pacticipant’s row and its environment’s column', () => {
    const grid = environmentGrid([environment(1, 'production', true), environment(2, 'test')], {
      deployed: [
        deployed('order-web', '2', 2),
        deployed('order-api', 'p1', 1, 'blue'),
        deployed('order-api', 'p2', 1, 'green'),
      ],
      released: [released('order-app', '1.4', 1)],
    });
    expect(grid.environments).toEqual([
      { name: 'production', displayName: 'Production', production: true },
      { name: 'test', displayName: 'Test', production: false },
    ]);
    expect(
      grid.rows.map((row) => [
        row.pacticipantName,
        row.cells.map((cell) => cell.map((placement) => `${placement.how} ${placement.versionNumber}`)),
      ]),
    ).toEqual([
      ['order-api', [['deployed p1', 'deployed p2'], []]],
      ['order-app', [['released 1.4'], []]],
      ['order-web', [[], ['deployed 2']]],
    ]);
  });
});

describe('environmentsBody', () => {
  it('says how to create an environment when there is none', () => {
    expect(environmentsBody(environmentGrid([], { deployed: [], released: [] }), '', NOW).text).toContain(
      'pact-broker create-environment',
    );
  });

  it('shows the application instance and links empty cells to the can-i-deploy question', () => {
    const grid = environmentGrid([environment(1, 'production'), environment(2, 'test')], {
      deployed: [deployed('order-api', 'p1', 1, '<blue>')],
      released: [],
    });
    const text = environmentsBody(grid, '', NOW).text;
    expect(text).toContain('<code>p1</code> <span class="muted">(&lt;blue&gt;)</span>');
    expect(text).toContain('href="/ui/can-i-deploy?pacticipant=order-api&amp;environment=test"');
  });
});
