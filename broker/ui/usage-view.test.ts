import type { UsageListing, UsedBy } from '../usage/listing';
import { fieldTree, usageBody } from './usage-view';

const web: UsedBy = { inProduction: ['Web'], counted: [], notCounted: [] };
const admin: UsedBy = { inProduction: [], counted: [], notCounted: ['Admin'] };

describe('fieldTree', () => {
  it('makes parents of nested fields and arrays, used by whoever uses anything inside, free only when all inside is', () => {
    const tree = fieldTree([
      {
        name: '$.items[*].sku',
        matchers: ['eachLike (min 1), type'],
        usedBy: web,
        freeToRemove: false,
        documented: false,
      },
      { name: '$.items[*].note', matchers: ['exact value'], usedBy: admin, freeToRemove: true, documented: false },
      { name: "$.meta['odd key']", matchers: ['type'], usedBy: admin, freeToRemove: true, documented: false },
      { name: '$[*].id', matchers: [], usedBy: web, freeToRemove: false, documented: false },
    ]);
    expect(tree.map((node) => [node.path, node.label, node.depth, node.freeToRemove])).toEqual([
      ['$.items[*]', 'items[]', 0, false],
      ['$.items[*].sku', 'sku', 1, false],
      ['$.items[*].note', 'note', 1, true],
      ['$.meta', 'meta', 0, true],
      ["$.meta['odd key']", 'odd key', 1, true],
      ['$[*]', '[]', 0, false],
      ['$[*].id', 'id', 1, false],
    ]);
    expect(tree[0]!.usedBy).toEqual({ inProduction: ['Web'], counted: [], notCounted: ['Admin'] });
    expect(tree[0]!.matchers).toEqual([]);
    expect(tree[1]!.matchers).toEqual(['eachLike (min 1), type']);
  });
});

describe('fieldTree, when consumers read parts of one object apart', () => {
  it('keeps each child under its parent, whatever order the fields were met in', () => {
    const tree = fieldTree([
      { name: '$.address.city', matchers: [], usedBy: web, freeToRemove: false, documented: false },
      { name: '$.name', matchers: [], usedBy: web, freeToRemove: false, documented: false },
      { name: '$.address.zip', matchers: [], usedBy: admin, freeToRemove: true, documented: false },
      { name: "$['it\\'s']", matchers: [], usedBy: admin, freeToRemove: true, documented: false },
    ]);
    expect(tree.map((node) => `${'  '.repeat(node.depth)}${node.label}`)).toEqual([
      'address',
      '  city',
      '  zip',
      'name',
      "it's",
    ]);
  });
});

describe('usageBody', () => {
  const listing: UsageListing = {
    provider: 'Users',
    considered: { target: 'deployed, released or main-branch head', consumerVersions: 1 },
    consumerVersions: [
      {
        consumer: 'Web',
        version: '1',
        branches: ['main'],
        mainBranch: true,
        deployedTo: ['production'],
        releasedIn: [],
        inProduction: true,
        considered: true,
      },
    ],
    providerContract: null,
    operations: [
      {
        method: 'GET',
        path: '/users/{id}',
        documented: false,
        examplePaths: ['/users/1'],
        concretePaths: 1,
        statuses: [200],
        interactions: 1,
        usedBy: web,
        queryParameters: [],
        requestHeaders: [],
        requestFields: [],
        responseHeaders: [],
        responseFields: [
          { name: '$.email', matchers: ['regex /.+@.+/'], usedBy: web, freeToRemove: false, documented: false },
          { name: '$.phone', matchers: ['exact value'], usedBy: admin, freeToRemove: true, documented: false },
        ],
      },
    ],
    messages: [],
  };

  it('colours consumers by production, marks what is free to remove, and escapes what pacts say', () => {
    const text = usageBody({
      basePath: '',
      listing: {
        ...listing,
        operations: [{ ...listing.operations[0]!, examplePaths: ['/users/<script>'] }],
      },
      environmentNames: ['production'],
      target: { all: false },
    }).text;
    expect(text).toContain('<tr class="" data-field="$.email">');
    expect(text).toMatch(/<a class="use production" href="\/pacticipants\/Web"[^>]*>Web <small>production<\/small>/);
    expect(text).toMatch(/data-field="\$.phone">.*<a class="use uncounted".*free to remove/);
    expect(text).toContain('&lt;script&gt;');
    // the versions read: a row per consumer, the counted ones in words
    expect(text).toContain('<tr><td>Web</td><td><span class="tag">1, main, deployed to production</span> </td>');
    expect(text).toContain('<a href="/pacticipants/Users/usage?environment=production">in production</a>');
  });
});
