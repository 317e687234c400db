import { storablePact, storablePactWithSha } from './pact-content';
import { interactionId, pactVersionSha } from './pact-version-sha';

const interaction = (description: string) => ({
  description,
  request: { path: `/${description}`, method: 'GET' },
  response: { status: 200, body: { b: [1, { z: true, y: null }], a: 'é' } },
});

describe('storablePactWithSha', () => {
  const document = {
    consumer: { name: 'C' },
    provider: { name: 'P' },
    interactions: [interaction('b'), { ...interaction('a'), _id: 'stale' }],
    messages: [{ description: 'an event', contents: { id: 1 } }],
    metadata: { pactSpecification: { version: '3.0.0' } },
    _links: { self: { href: 'http://broker/pacts/1' } },
    createdAt: '2024-01-01T00:00:00Z',
  };

  it('gives the storable pact and the sha pactVersionSha gives for it', () => {
    const { pact, sha } = storablePactWithSha(document);

    expect(pact).toEqual(storablePact(document));
    expect(sha).toBe(pactVersionSha(pact));
    expect(sha).toBe(pactVersionSha(document));
  });

  // Brokers hold shas computed by earlier releases: the same content must keep its sha
  it('gives the sha and _ids earlier releases gave', () => {
    const { pact, sha } = storablePactWithSha(document);

    expect(sha).toBe('163686ed5a2599e10b27dfe934af6d6f48d4b800');
    expect((pact.interactions as { _id: string }[])[1]!._id).toBe('b114254a659ee3acbe426b6c993db333a9ef86d9');
  });

  it('gives every interaction and message the _id interactionId gives, and drops the keys a broker adds', () => {
    const { pact } = storablePactWithSha(document);

    expect(pact).toEqual({
      consumer: { name: 'C' },
      provider: { name: 'P' },
      interactions: [
        { ...interaction('b'), _id: interactionId(interaction('b')) },
        { ...interaction('a'), _id: interactionId(interaction('a')) },
      ],
      messages: [
        {
          description: 'an event',
          contents: { id: 1 },
          _id: interactionId({ description: 'an event', contents: { id: 1 } }),
        },
      ],
      metadata: { pactSpecification: { version: '3.0.0' } },
    });
  });

  it('hashes the whole document when it has neither interactions nor messages', () => {
    expect(storablePactWithSha({ b: 1, a: 2 }).sha).toBe(pactVersionSha({ a: 2, b: 1 }));
  });
});
