import type { FastifyReply } from 'fastify';
import type { Principal } from '../auth/principal';
import { FAVICON_PATH } from './favicon';
import { html, type Html, raw } from './html';
import { toneStyles } from './status-colours';

export type Section = 'overview' | 'network' | 'environments' | 'matrix' | 'can-i-deploy' | 'webhooks' | 'none';

/** Everything a page needs to be laid out: links are prefixed with the broker's base path. */
export type PageShell = { title: string; basePath: string; section: Section; body: Html };

/**
 * Who is signed in, at the right of the header: a page signed in by token can sign out (a form
 * carrying the session's CSRF token); an anonymous visitor of a broker that asks for
 * credentials can sign in; admins reach the tokens page. Nothing when no credentials are configured.
 */
export function accountArea(principal: Principal | null | undefined, basePath: string): Html {
  if (!principal) return html``;
  const tokens = principal.role === 'admin' ? html`<a href="${basePath}/ui/tokens">Tokens</a>` : '';
  switch (principal.kind) {
    case 'anonymous':
      return principal.role === 'admin'
        ? html`<div class="account">${tokens}</div>`
        : html`<div class="account"><a href="${basePath}/login">Sign in</a></div>`;
    case 'user':
      return html`<div class="account">${tokens}<span>${principal.name} (${principal.role})</span></div>`;
    case 'token':
      return html`<div class="account">${tokens}<span>token ${principal.name} (${principal.role})</span>${
        principal.csrfToken === undefined
          ? ''
          : html`<form method="post" action="${basePath}/logout"><input type="hidden" name="_csrf" value="${principal.csrfToken}"><button type="submit" class="link">Sign out</button></form>`
      }</div>`;
  }
}

const NAVIGATION: { section: Section; path: string; label: string }[] = [
  { section: 'overview', path: '/', label: 'Integrations' },
  { section: 'network', path: '/ui/network', label: 'Network' },
  { section: 'environments', path: '/environments', label: 'Environments' },
  { section: 'matrix', path: '/matrix', label: 'Matrix' },
  { section: 'can-i-deploy', path: '/ui/can-i-deploy', label: 'Can I deploy?' },
  { section: 'webhooks', path: '/webhooks', label: 'Webhooks' },
];

// Inline so that a page is one response with no external assets (and works offline).
const STYLE = raw(`
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#f6f8fa; --link:#0550ae; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:#fff; }
header { background:#24292f; color:#fff; padding:0 24px; display:flex; gap:24px; align-items:center; }
header .brand { font-weight:700; font-size:16px; color:#fff; text-decoration:none; padding:12px 0; }
header nav a { color:#d0d7de; text-decoration:none; padding:12px 8px; display:inline-block; }
header nav a[aria-current=page] { color:#fff; border-bottom:2px solid #fd8c73; }
header .account { margin-left:auto; display:flex; gap:12px; align-items:center; color:#d0d7de; }
header .account a { color:#d0d7de; }
header .account form { margin:0; }
button.link { background:none; border:none; color:#d0d7de; text-decoration:underline; padding:0; }
tr.deletion td { background:#fff8f7; }
button.danger { background:#cf222e; border-color:#cf222e; }
pre.secret { font-size:14px; user-select:all; }
main { padding:16px 24px 48px; max-width:1400px; }
h1 { font-size:22px; margin:8px 0 4px; overflow-wrap:anywhere; }
h2 { font-size:17px; margin:28px 0 8px; border-bottom:1px solid var(--line); padding-bottom:4px; }
h3 { font-size:15px; margin:16px 0 4px; }
a { color:var(--link); }
.muted { color:var(--muted); }
table { border-collapse:collapse; width:100%; margin:8px 0; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; overflow-wrap:anywhere; }
th { background:var(--bg); font-weight:600; }
code, pre { font:12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background:var(--bg); border:1px solid var(--line); padding:8px; overflow:auto; max-height:480px; white-space:pre-wrap; overflow-wrap:anywhere; }
.status { display:inline-block; padding:1px 8px; border-radius:10px; color:#fff; font-size:12px; font-weight:600; white-space:nowrap; }
${toneStyles()}
.tag { display:inline-block; background:#ddf4ff; border:1px solid #b6e3ff; border-radius:4px; padding:0 5px; margin:1px 2px; font-size:12px; }
.tag.branch { background:#fff8c5; border-color:#eed888; }
.tag.environment { background:#dafbe1; border-color:#aceebb; }
form.filters { display:flex; flex-wrap:wrap; gap:12px; align-items:end; background:var(--bg); padding:12px; border:1px solid var(--line); border-radius:6px; }
form.filters label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); gap:2px; }
input, select, button { font:inherit; padding:4px 6px; border:1px solid var(--line); border-radius:4px; }
button { background:#1f883d; color:#fff; border-color:#1f883d; cursor:pointer; padding:4px 14px; }
.pagination { display:flex; gap:16px; align-items:center; margin:8px 0; }
.notice { border-left:4px solid var(--unknown); background:var(--bg); padding:8px 12px; margin:8px 0; }
.notice.success { border-color:var(--verified); } .notice.error { border-color:var(--failed); } .notice.warning { border-color:var(--changed); }
.verdict { font-size:20px; font-weight:700; padding:12px 16px; border-radius:6px; color:#fff; margin:12px 0; }
.interaction { border:1px solid var(--line); border-radius:6px; padding:8px 16px; margin:12px 0; }
.columns { display:grid; grid-template-columns:repeat(auto-fit, minmax(380px, 1fr)); gap:16px; }
.diff .added { background:#dafbe1; } .diff .removed { background:#ffebe9; } .diff .hunk { color:var(--muted); }
.diff { white-space:pre; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:2px 16px; margin:8px 0; }
dl.facts dt { color:var(--muted); } dl.facts dd { margin:0; overflow-wrap:anywhere; }
.use { display:inline-block; border:1px solid var(--line); border-radius:10px; padding:0 8px; margin:1px 2px; font-size:12px; text-decoration:none; color:var(--fg); }
.use.production { background:var(--failed); border-color:var(--failed); color:#fff; font-weight:600; }
.use.counted { background:#ddf4ff; border-color:#54aeff; }
.use.uncounted { background:#fff; border-style:dashed; color:var(--muted); }
.tag.free { background:#dafbe1; border-color:#4ac26b; font-weight:600; }
.targets a { margin-right:8px; } .targets a.current { font-weight:700; text-decoration:none; color:var(--fg); }
.operation { border:1px solid var(--line); border-radius:6px; padding:4px 16px; margin:12px 0; }
.network { overflow:auto; border:1px solid var(--line); border-radius:6px; }
`);

export function layout({ title, basePath, section, body }: PageShell, account: Html = html``): Html {
  const navigation = NAVIGATION.map(
    (item) =>
      html`<a href="${basePath}${item.path}"${item.section === section ? raw(' aria-current="page"') : ''}>${item.label}</a>`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Treaty</title>
<link rel="icon" type="image/svg+xml" href="${basePath}${FAVICON_PATH}">
<style>${STYLE}</style>
</head>
<body>
<header><a class="brand" href="${basePath}/">Treaty</a><nav>${navigation}</nav>${account}</header>
<main>
${body}
</main>
</body>
</html>
`;
}

/**
 * Pages run no script at all: the policy forbids it, so even a value that somehow escaped
 * escaping could not execute. Vary tells caches the same URL also answers JSON.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function sendPage(reply: FastifyReply, page: PageShell, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('vary', 'Accept')
    .type('text/html; charset=utf-8')
    .send(layout(page, accountArea(reply.request.principal, page.basePath)).text);
}
