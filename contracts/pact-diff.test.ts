import { diffPacts } from './pact-diff';

const interaction = (description: string, status = 200) => ({
  description,
  request: { method: 'GET', path: '/' },
  response: { status },
});
const pact = (...interactions: unknown[]) => ({ consumer: { name: 'C' }, provider: { name: 'P' }, interactions });

describe('diffPacts', () => {
  it('reports added, removed and changed interactions by description and provider state', () => {
    const diff = diffPacts(
      pact(interaction('kept'), interaction('changed'), interaction('removed')),
      pact(interaction('kept'), interaction('changed', 500), interaction('added')),
      {
        before: 'v1',
        after: 'v2',
      },
    );
    expect(diff.summary).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 1 });
    expect(diff.changes.map((change) => `${change.kind} ${change.description}`)).toEqual([
      'changed changed',
      'added added',
      'removed removed',
    ]);
  });

  it('writes a unified diff that ignores interaction order and _ids', () => {
    const diff = diffPacts(
      pact({ ...interaction('b'), _id: '1' }, interaction('a')),
      pact(interaction('a'), interaction('b', 404)),
      { before: 'v1', after: 'v2' },
    );
    expect(diff.text).toContain('--- v1');
    expect(diff.text).toContain('-        "status": 200');
    expect(diff.text).toContain('+        "status": 404');
    expect(diff.text).not.toContain('_id');
  });

  it('finds nothing between equal pacts', () => {
    expect(diffPacts(pact(interaction('a')), pact(interaction('a')), { before: 'x', after: 'y' }).changes).toEqual([]);
  });
});
