import { describeScope } from '../auth/permission';
import type { ApiToken } from '../auth/store';
import { scopeOf } from '../auth/tokens';
import { html, type Html, tableHead } from './html';
import { when } from './when';

export type TokensPageInput = {
  basePath: string;
  tokens: ApiToken[];
  /** The session's CSRF token, which every form carries; none when not signed in by cookie. */
  csrfToken: string | undefined;
  /** A token created just now: its secret is shown this once. */
  created?: { name: string; secret: string } | undefined;
  now: Date;
};

const csrfField = (csrfToken: string | undefined) =>
  csrfToken === undefined ? '' : html`<input type="hidden" name="_csrf" value="${csrfToken}">`;

function tokenRow(token: ApiToken, input: TokensPageInput): Html {
  const scope = scopeOf(token);
  const revoke = html`<form method="post" action="${input.basePath}/ui/tokens/${encodeURIComponent(token.uuid)}/revoke">${csrfField(input.csrfToken)}<button type="submit" class="danger">Revoke</button></form>`;
  return html`<tr><td><code>${token.name}</code></td><td>${token.role}</td><td>${scope ? describeScope(scope) : html`<span class="muted">every pacticipant</span>`}</td><td>${token.expires_at ? when(token.expires_at, input.now) : html`<span class="muted">never</span>`}</td><td>${token.last_used_at ? when(token.last_used_at, input.now) : html`<span class="muted">never</span>`}</td><td>${token.created_by}</td><td>${revoke}</td></tr>`;
}

/** The admin's tokens page: live tokens with a revoke button each, and a form for a new one. */
export function tokensBody(input: TokensPageInput): Html {
  const { basePath, tokens, created, csrfToken } = input;
  return html`<h1>API tokens</h1>
${
  created &&
  html`<div class="notice success" role="status"><p>Created the token <code>${created.name}</code>. Copy it now: it is shown only this once.</p><pre class="secret">${created.secret}</pre></div>`
}
<h2>Live tokens (${tokens.length})</h2>
${
  tokens.length === 0
    ? html`<p class="muted">No live tokens.</p>`
    : html`<table>${tableHead(['Name', 'Role', 'May change', 'Expires', 'Last used', 'Created by', ''])}<tbody>${tokens.map((token) => tokenRow(token, input))}</tbody></table>`
}
<h2>New token</h2>
<form method="post" action="${basePath}/ui/tokens" class="filters">${csrfField(csrfToken)}
<label>Name <input name="name" required maxlength="100"></label>
<label>Role <select name="role"><option>read</option><option selected>write</option><option>admin</option></select></label>
<label>Only these pacticipants (comma separated) <input name="pacticipants"></label>
<label>Or with these labels <input name="labels"></label>
<label>Expires in days (empty: never) <input name="expiresInDays" inputmode="numeric" pattern="[0-9]*"></label>
<button type="submit">Create token</button>
</form>`;
}
