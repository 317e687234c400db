import { decodePactMetadata, encodePactMetadata } from './pact-metadata';

describe('pact metadata path segment', () => {
  it('round-trips pending, wip and consumer version numbers as one URL-safe segment', () => {
    const segment = encodePactMetadata({ pending: true, wip: true, consumerVersionNumbers: ['1.0.0', 'feat/x'] });
    expect(segment).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePactMetadata(segment)).toEqual({
      pending: true,
      wip: true,
      consumerVersionNumbers: ['1.0.0', 'feat/x'],
    });
  });

  it("reads the Pact Broker's own encoding of pending", () => {
    // captured from the Ruby broker's pacts-for-verification links
    expect(decodePactMetadata('c1tdW2JdPW1haW4mc1tdW2xdPXRydWUmc1tdW2N2XT0xJnA9dHJ1ZQ')).toMatchObject({
      pending: true,
    });
  });

  it('ignores metadata it cannot read', () => {
    expect(decodePactMetadata('not base64!')).toEqual({});
    expect(decodePactMetadata(undefined)).toEqual({});
  });
});
