import { html, type Html } from './html';

/** Why the sign-in page is shown, from the redirect that led to it. */
const PROBLEMS: Record<string, string> = {
  unknown: 'That token is not one this broker knows: it may be mistyped, revoked or expired.',
  limited: 'Too many failed sign-ins from this address: wait a minute, then try again.',
  'signed-out': 'You are signed out.',
  required: 'This page needs you to sign in.',
};

export type SignInInput = { basePath: string; next: string; problem?: string | undefined; basicAuth: boolean };

/** The sign-in form: a token, sent by POST to /login, which sets the session cookie. */
export function signInBody({ basePath, next, problem, basicAuth }: SignInInput): Html {
  const message = problem === undefined ? undefined : PROBLEMS[problem];
  const tone = problem === 'signed-out' ? 'success' : 'error';
  return html`<h1>Sign in</h1>
${message && html`<p class="notice ${tone}" role="${tone === 'error' ? 'alert' : 'status'}">${message}</p>`}
<form method="post" action="${basePath}/login" class="filters sign-in">
<label>API token <input type="password" name="token" autocomplete="current-password" required size="50"></label>
<input type="hidden" name="next" value="${next}">
<button type="submit">Sign in</button>
</form>
<p class="muted">Use a token an admin created with <code>treaty tokens create</code>. Signing in sets a cookie for this broker only; it ends after 12 hours or when the token is revoked.</p>
${
  basicAuth &&
  html`<p><a href="${basePath}/login-with-password?${new URLSearchParams({ next }).toString()}">Sign in with a username and password instead</a> <span class="muted">(your browser asks for them)</span></p>`
}`;
}
