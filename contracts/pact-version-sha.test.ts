import { interactionId, pactVersionSha } from './pact-version-sha';

const interaction = (description: string, status = 200) => ({
  description,
  request: { method: 'GET', path: `/${description}` },
  response: { status, headers: { 'Content-Type': 'application/json' } },
});
const pact = (
  interactions: unknown[],
  metadata: Record<string, unknown> = { pactSpecification: { version: '2.0.0' } },
) => ({
  consumer: { name: 'C' },
  provider: { name: 'P' },
  interactions,
  metadata,
});

describe('pactVersionSha', () => {
  const base = pactVersionSha(pact([interaction('a'), interaction('b')]));

  it('is a 40-character sha1', () => {
    expect(base).toMatch(/^[0-9a-f]{40}$/);
  });

  it('ignores key order, interaction order, names and other metadata', () => {
    const reordered = {
      metadata: { pactRust: { models: '1.2.0' }, pactSpecification: { version: '2.0.0' } },
      interactions: [
        interaction('b'),
        { response: interaction('a').response, request: interaction('a').request, description: 'a' },
      ],
      provider: { name: 'Other' },
      consumer: { name: 'Another' },
    };
    expect(pactVersionSha(reordered)).toBe(base);
  });

  it('ignores the _id the broker adds to each interaction', () => {
    expect(pactVersionSha(pact([{ ...interaction('a'), _id: 'x' }, interaction('b')]))).toBe(base);
  });

  it('changes with any request, response or description', () => {
    expect(pactVersionSha(pact([interaction('a', 201), interaction('b')]))).not.toBe(base);
    expect(pactVersionSha(pact([interaction('a'), interaction('c')]))).not.toBe(base);
  });

  it('changes with the specification version', () => {
    expect(
      pactVersionSha(pact([interaction('a'), interaction('b')], { pactSpecification: { version: '3.0.0' } })),
    ).not.toBe(base);
  });

  it('hashes the whole document when it has neither interactions nor messages', () => {
    expect(pactVersionSha({ a: 1, b: 2 })).toBe(pactVersionSha({ b: 2, a: 1 }));
    expect(pactVersionSha({ a: 1 })).not.toBe(pactVersionSha({ a: 2 }));
  });
});

describe('interactionId', () => {
  it('follows the content, not key order or an existing _id', () => {
    const id = interactionId(interaction('a'));
    expect(interactionId({ ...interaction('a'), _id: 'stale' })).toBe(id);
    expect(interactionId(interaction('a', 500))).not.toBe(id);
  });
});
