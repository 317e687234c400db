import { mergePacts } from './merge';

const interaction = (description: string, status = 200, state?: string) => ({
  description,
  providerState: state,
  request: { method: 'GET', path: '/' },
  response: { status },
});
const pact = (...interactions: unknown[]) => ({ consumer: { name: 'C' }, provider: { name: 'P' }, interactions });

describe('mergePacts', () => {
  it('adds new interactions and keeps identical ones once', () => {
    const merged = mergePacts(pact(interaction('a'), interaction('b')), pact(interaction('b'), interaction('c')));
    expect(merged.ok && (merged.pact.interactions as { description: string }[]).map((i) => i.description)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('treats the same description in another provider state as another interaction', () => {
    const merged = mergePacts(pact(interaction('a', 200, 'x')), pact(interaction('a', 404, 'y')));
    expect(merged.ok && (merged.pact.interactions as unknown[]).length).toBe(2);
  });

  it('reports a matched interaction whose content differs as a conflict', () => {
    expect(mergePacts(pact(interaction('a')), pact(interaction('a', 500)))).toEqual({ ok: false, conflicts: ['a'] });
  });

  it('ignores the broker-added _id when comparing', () => {
    expect(mergePacts(pact({ ...interaction('a'), _id: 'abc' }), pact(interaction('a')))).toMatchObject({ ok: true });
  });
});
