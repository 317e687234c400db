import { parsePact } from './pact-file';

const v4 = (message: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  consumer: { name: 'OrderMailer' },
  provider: { name: 'OrderService' },
  metadata: { pactSpecification: { version: '4.0' }, ...metadata },
  interactions: [
    {
      type: 'Asynchronous/Messages',
      description: 'an OrderCreated event',
      contents: { content: { orderId: 7 }, contentType: 'application/json', encoded: false },
      metadata: { routingKey: 'orders.created' },
      matchingRules: {
        metadata: { routingKey: { combine: 'AND', matchers: [{ match: 'regex', regex: '^orders\\.' }] } },
      },
      ...message,
    },
  ],
});

const issuesOf = (document: unknown) => {
  const parsed = parsePact(document);
  return parsed.ok ? [] : parsed.issues.map(({ code, path, message }) => ({ code, path, message }));
};

describe('message checks', () => {
  it('lets a well-formed message through, with JSON, text, XML or binary content', () => {
    expect(issuesOf(v4({}))).toEqual([]);
    for (const contentType of [
      'text/plain',
      'application/vnd.orders+json',
      'application/xml',
      'application/octet-stream',
    ])
      expect(issuesOf(v4({ contents: { content: 'x', contentType, encoded: false } }))).toEqual([]);
  });

  it('refuses a message with no body', () => {
    expect(issuesOf(v4({ contents: { contentType: 'application/json' } }))).toEqual([
      expect.objectContaining({ code: 'missing_message_body', path: ['interactions', 0, 'contents'] }),
    ]);
  });

  it('refuses a content type Pact would compare as plain text, unless a plugin reads it', () => {
    const protobuf = { contents: { content: 'CgR0ZXN0', contentType: 'application/x-protobuf', encoded: 'base64' } };
    expect(issuesOf(v4(protobuf))).toEqual([
      expect.objectContaining({
        code: 'unknown_message_content_type',
        message: expect.stringContaining('"application/x-protobuf" is not a content type Pact can compare'),
      }),
    ]);
    expect(issuesOf(v4(protobuf, { plugins: [{ name: 'protobuf', version: '0.3.0' }] }))).toEqual([]);
  });

  it('refuses a metadata matcher on a key the message does not have', () => {
    expect(issuesOf(v4({ metadata: { exchange: 'orders' } }))).toEqual([
      expect.objectContaining({
        code: 'metadata_matcher_without_key',
        path: ['interactions', 0, 'matchingRules', 'metadata', 'routingKey'],
        message: expect.stringContaining('the metadata key "routingKey", which the message\'s metadata does not have'),
      }),
    ]);
  });

  it('checks v3 messages the same way', () => {
    const v3 = {
      consumer: { name: 'OrderMailer' },
      provider: { name: 'OrderService' },
      metadata: { pactSpecification: { version: '3.0.0' } },
      messages: [
        { description: 'no body', metaData: { contentType: 'application/json' } },
        { description: 'odd type', contents: 'x', metaData: { contentType: 'application/x-thrift' } },
      ],
    };
    expect(issuesOf(v3).map((issue) => [issue.code, issue.path])).toEqual([
      ['missing_message_body', ['messages', 0, 'contents']],
      ['unknown_message_content_type', ['messages', 1, 'contents']],
    ]);
  });
});

describe('synchronous messages', () => {
  const sync = (response: unknown) => ({
    consumer: { name: 'Shop' },
    provider: { name: 'Pricing' },
    metadata: { pactSpecification: { version: '4.0' } },
    interactions: [
      {
        type: 'Synchronous/Messages',
        description: 'a price quote',
        request: { contents: { content: { sku: 'A' }, contentType: 'application/json', encoded: false } },
        response,
      },
    ],
  });

  it('lets a request with its response through, and refuses no response or a response without contents', () => {
    expect(
      issuesOf(sync([{ contents: { content: { price: 1 }, contentType: 'application/json', encoded: false } }])),
    ).toEqual([]);
    expect(issuesOf(sync([])).map((issue) => [issue.code, issue.path])).toEqual([
      ['missing_message_body', ['interactions', 0, 'response']],
    ]);
    expect(
      issuesOf(sync([{ contents: { contentType: 'application/json' } }])).map((issue) => [issue.code, issue.path]),
    ).toEqual([['missing_message_body', ['interactions', 0, 'response', 0, 'contents']]]);
  });
});
