import { escapeHtml, externalLink, html, raw, safeExternalUrl } from './html';

describe('html', () => {
  it('escapes every interpolated string, in content and in attributes', () => {
    const name = `<img src=x onerror=alert(1)> "quoted" 'single' & Café ☕`;
    expect(html`<h1 title="${name}">${name}</h1>`.text).toBe(
      '<h1 title="&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &#39;single&#39; &amp; Café ☕">' +
        '&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &#39;single&#39; &amp; Café ☕</h1>',
    );
  });

  it('inserts nested fragments and raw() as they are, and escapes strings inside lists', () => {
    const items = ['<b>', 'ok'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}${raw('<hr>')}${['<i>']}</ul>`.text).toBe(
      '<ul><li>&lt;b&gt;</li><li>ok</li><hr>&lt;i&gt;</ul>',
    );
  });

  it('renders nothing for null, undefined and false, and numbers as text', () => {
    expect(html`${null}${undefined}${false}${0}${true}`.text).toBe('0true');
  });

  it('escapes the five characters that matter and nothing else', () => {
    expect(escapeHtml(`&<>"'/=\``)).toBe('&amp;&lt;&gt;&quot;&#39;/=`');
  });
});

describe('safeExternalUrl', () => {
  it('keeps http and https URLs and refuses any other scheme', () => {
    expect(safeExternalUrl('https://ci.example.com/builds/1')).toBe('https://ci.example.com/builds/1');
    expect(safeExternalUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeExternalUrl('data:text/html,<script>')).toBeUndefined();
    expect(safeExternalUrl('not a url')).toBeUndefined();
  });

  it('renders an unsafe URL as text, not as a link', () => {
    expect(externalLink('javascript:alert(1)').text).toBe('<span>javascript:alert(1)</span>');
    expect(externalLink('https://x.test/?a=1&b=2', 'build').text).toBe(
      '<a href="https://x.test/?a=1&amp;b=2" rel="noopener noreferrer">build</a>',
    );
  });
});
