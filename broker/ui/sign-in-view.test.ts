import { signInBody } from './sign-in-view';

describe('signInBody', () => {
  it('posts the token to /login under the base path and carries where to go next, escaped', () => {
    const text = signInBody({ basePath: '/broker', next: '/broker/pacticipants/"x"', basicAuth: false }).text;
    expect(text).toContain('<form method="post" action="/broker/login"');
    expect(text).toContain('<input type="hidden" name="next" value="/broker/pacticipants/&quot;x&quot;">');
    expect(text).toContain('type="password" name="token"');
    expect(text).not.toContain('username and password');
    expect(signInBody({ basePath: '/broker', next: '/broker/x', basicAuth: true }).text).toContain(
      '<a href="/broker/login-with-password?next=%2Fbroker%2Fx">Sign in with a username and password instead</a>',
    );
  });

  it('says why it is shown', () => {
    expect(signInBody({ basePath: '', next: '/', problem: 'unknown', basicAuth: true }).text).toContain(
      'That token is not one this broker knows',
    );
    expect(signInBody({ basePath: '', next: '/', problem: 'limited', basicAuth: true }).text).toContain(
      'Too many failed sign-ins',
    );
  });
});
