import { diffPacts } from '../../contracts/pact-diff';
import { diffLines, renderPactDiff } from './diff-view';

const pact = (status: number, extra: unknown[] = []) => ({
  consumer: { name: 'web' },
  provider: { name: 'api' },
  interactions: [{ description: 'get <order>', request: { method: 'GET', path: '/' }, response: { status } }, ...extra],
});

describe('diffLines', () => {
  it('marks headers, hunks, additions, removals and context', () => {
    expect(diffLines('--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n same\n').map((line) => line.kind)).toEqual([
      'header',
      'header',
      'hunk',
      'removed',
      'added',
      'context',
    ]);
  });
});

describe('renderPactDiff', () => {
  it('says what changed in words and colours the unified diff, escaped', () => {
    const diff = diffPacts(
      pact(200),
      pact(201, [{ description: 'new <one>', request: { method: 'GET', path: '/x' }, response: { status: 200 } }]),
      {
        before: 'web 1',
        after: 'web 2',
      },
    );
    const text = renderPactDiff(diff).text;
    expect(text).toContain('<p>1 interaction added, 0 removed, 1 changed, 0 unchanged.</p>');
    expect(text).toContain('<li><strong>changed</strong>: get &lt;order&gt;</li>');
    expect(text).toContain('<li><strong>added</strong>: new &lt;one&gt;</li>');
    expect(text).toMatch(/<span class="added">\+\s+&quot;status&quot;: 201<\/span>/);
    expect(text).toContain('<span class="added">+      &quot;description&quot;: &quot;new &lt;one&gt;&quot;,</span>');
    expect(text).toContain('<span class="hunk">@@');
  });
});
