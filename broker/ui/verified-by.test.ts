import { describeVerifiedBy, parseStoredJson } from './verified-by';

describe('describeVerifiedBy', () => {
  it('names pact_verifier and the client around it, as pact-js sends it through libpact_ffi', () => {
    const sent = {
      implementation: 'Pact-Rust',
      version: '1.3.6',
      clientLanguage: { name: 'pact-core', testFramework: 'pact_ffi', version: '19.2.0' },
    };
    expect(describeVerifiedBy(sent)).toBe('Pact-Rust 1.3.6 (pact-core 19.2.0, pact_ffi)');
  });

  it('names a verifier that sends only its implementation and version, as pact-ruby and pact-jvm do', () => {
    expect(describeVerifiedBy({ implementation: 'Pact-Ruby', version: '1.66.0' })).toBe('Pact-Ruby 1.66.0');
    expect(describeVerifiedBy({ implementation: 'Pact-Rust' })).toBe('Pact-Rust');
  });

  it('leaves out what is missing or not text', () => {
    expect(describeVerifiedBy({ implementation: 'Pact-Rust', version: 2, clientLanguage: { name: 'pact-core' } })).toBe(
      'Pact-Rust 2 (pact-core)',
    );
    expect(
      describeVerifiedBy({ implementation: ['x'], version: { a: 1 }, clientLanguage: { testFramework: 'jest' } }),
    ).toBe('jest');
    expect(describeVerifiedBy({ implementation: 'Pact-Rust', clientLanguage: 'pact-core' })).toBe('Pact-Rust');
    expect(describeVerifiedBy({ implementation: 'x', clientLanguage: { name: 'same', testFramework: 'same' } })).toBe(
      'x (same)',
    );
  });

  it('gives nothing when nothing can be read, so the page shows what was sent', () => {
    for (const odd of [
      undefined,
      null,
      'Pact-Rust',
      42,
      [],
      ['Pact-Rust'],
      {},
      { implementation: '  ' },
      { other: 'x' },
    ])
      expect(describeVerifiedBy(odd)).toBeUndefined();
  });

  it('keeps a name on one line and cuts a runaway one short', () => {
    expect(describeVerifiedBy({ implementation: 'Pact\n\tRust\u0000 ', version: ' 1.0 ' })).toBe('Pact Rust 1.0');
    const described = describeVerifiedBy({ implementation: '☕'.repeat(500) })!;
    expect([...described]).toHaveLength(80);
    expect(described.endsWith('…')).toBe(true);
  });
});

describe('parseStoredJson', () => {
  it('parses stored JSON, and gives nothing for none or for text that is not JSON', () => {
    expect(parseStoredJson('{"implementation":"Pact-Rust"}')).toEqual({ implementation: 'Pact-Rust' });
    expect(parseStoredJson(null)).toBeUndefined();
    expect(parseStoredJson('{not json')).toBeUndefined();
  });
});
