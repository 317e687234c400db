import { interactionsOf, renderInteraction } from './interaction-view';

describe('interactionsOf', () => {
  it('reads a v3 HTTP interaction: states with parameters, request line with query, headers, body and rules', () => {
    const [view] = interactionsOf({
      interactions: [
        {
          description: 'a request for order 1',
          providerStates: [{ name: 'an order exists', params: { id: 1 } }],
          request: {
            method: 'get',
            path: '/orders/1',
            query: { expand: ['items', 'customer'] },
            headers: { Accept: 'application/json' },
          },
          response: {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
            body: { id: 1 },
            matchingRules: { body: { '$.id': { matchers: [{ match: 'integer' }] } } },
          },
        },
      ],
    });
    expect(view).toEqual({
      kind: 'HTTP',
      description: 'a request for order 1',
      providerStates: [{ name: 'an order exists', parameters: '{"id":1}' }],
      pending: false,
      parts: [
        {
          title: 'Request',
          line: 'GET /orders/1?expand=items&expand=customer',
          headers: [['Accept', 'application/json']],
          body: undefined,
          rules: [],
        },
        {
          title: 'Response',
          line: '200',
          headers: [['Content-Type', 'application/json']],
          body: '{\n  "id": 1\n}',
          rules: [{ location: 'the body at $.id', requirement: 'an integer' }],
        },
      ],
    });
  });

  it('reads a v2 provider state and string query', () => {
    const [view] = interactionsOf({
      interactions: [
        {
          description: 'd',
          providerState: 'nothing',
          request: { method: 'GET', path: '/', query: 'a=1' },
          response: { status: 204 },
        },
      ],
    });
    expect(view!.providerStates).toEqual([{ name: 'nothing', parameters: undefined }]);
    expect(view!.parts[0]!.line).toBe('GET /?a=1');
  });

  it('reads v4 interactions: bodies wrapped with their content type, header lists, messages', () => {
    const views = interactionsOf({
      interactions: [
        {
          type: 'Synchronous/HTTP',
          description: 'v4 http',
          pending: true,
          request: {
            method: 'POST',
            path: '/orders',
            headers: { 'Content-Type': ['application/json'] },
            body: { content: { a: 1 }, contentType: 'application/json', encoded: false },
          },
          response: { status: 201 },
        },
        {
          type: 'Asynchronous/Messages',
          description: 'an order was placed',
          contents: { content: '{"id":1}', contentType: 'application/json' },
          metadata: { topic: 'orders' },
        },
      ],
    });
    expect(views[0]).toMatchObject({ kind: 'HTTP', pending: true });
    expect(views[0]!.parts[0]).toMatchObject({
      headers: [['Content-Type', 'application/json']],
      body: '{\n  "a": 1\n}',
    });
    expect(views[1]).toMatchObject({
      kind: 'message',
      parts: [{ title: 'Message', headers: [['topic', 'orders']], body: '{"id":1}' }],
    });
  });

  it('reads v3 messages and v4 synchronous messages', () => {
    const views = interactionsOf({
      interactions: [
        { type: 'Synchronous/Messages', description: 'ask', request: { contents: 'q' }, response: [{ contents: 'a' }] },
      ],
      messages: [{ description: 'an event', contents: { id: 1 }, metaData: { kind: 'created' } }],
    });
    expect(views.map((view) => [view.kind, view.parts.map((part) => part.title)])).toEqual([
      ['synchronous message', ['Request', 'Response']],
      ['message', ['Message']],
    ]);
  });
});

describe('renderInteraction', () => {
  it('escapes everything the consumer wrote', () => {
    const [view] = interactionsOf({
      interactions: [
        {
          description: '<script>x</script>',
          providerState: '"a" & <b>',
          request: { method: 'GET', path: '/<i>' },
          response: { status: 200, body: '</pre><img src=x>' },
        },
      ],
    });
    const text = renderInteraction(view!, 0).text;
    expect(text).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(text).toContain('<strong>&quot;a&quot; &amp; &lt;b&gt;</strong>');
    expect(text).toContain('<pre>&lt;/pre&gt;&lt;img src=x&gt;</pre>');
    expect(text).not.toMatch(/<(script|img|i)[ >]/);
  });
});

describe('a message on the pact page', () => {
  it('shows its metadata under a caption of its own, not as headers, with the rules on it', () => {
    const [view] = interactionsOf({
      interactions: [
        {
          type: 'Asynchronous/Messages',
          description: 'an OrderCreated event',
          contents: { content: { orderId: 7 }, contentType: 'application/json', encoded: false },
          metadata: { routingKey: 'orders.created' },
          matchingRules: {
            metadata: { routingKey: { combine: 'AND', matchers: [{ match: 'regex', regex: '^orders\\.' }] } },
          },
        },
      ],
    });
    const text = renderInteraction(view!, 0).text;
    expect(text).toContain('<caption>Metadata</caption>');
    expect(text).toContain('routingKey');
    expect(text).toContain('orders.created');
    expect(text).toContain('&quot;orderId&quot;: 7');
    expect(text).toContain('the metadata routingKey must be text matching the pattern');
  });
});
