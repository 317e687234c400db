import type { Role } from '../http/access';
import { AuthenticationRequired, OutsideTokenScope, RoleRequired } from './errors';
import { requireRole, requireScope } from './permission';
import type { Principal } from './principal';

const token = (role: Role, scope?: { pacticipants: string[]; labels: string[] }) =>
  ({ kind: 'token', tokenId: 1, name: 'orders-ci', role, scope }) as Principal;

describe('requireRole', () => {
  it('lets each role do what the roles below it do', () => {
    expect(() => requireRole(token('admin'), 'write', 'PUT x')).not.toThrow();
    expect(() => requireRole(token('write'), 'read', 'GET x')).not.toThrow();
    expect(() => requireRole({ kind: 'user', name: 'ci', role: 'admin' }, 'admin', 'DELETE x')).not.toThrow();
  });

  it('refuses a role below the one needed with 403, naming both roles and the request', () => {
    expect(() => requireRole(token('read'), 'write', 'PUT /pacts/x')).toThrow(RoleRequired);
    expect(() => requireRole(token('write'), 'admin', 'DELETE /pacticipants/Foo')).toThrow(
      'The token "orders-ci" has the write role; DELETE /pacticipants/Foo needs the admin role.',
    );
  });

  it('asks an anonymous caller for credentials (401), unless everyone has the role', () => {
    expect(() => requireRole({ kind: 'anonymous', role: undefined }, 'read', 'GET /')).toThrow(AuthenticationRequired);
    expect(() => requireRole({ kind: 'anonymous', role: 'read' }, 'read', 'GET /')).not.toThrow();
    expect(() => requireRole({ kind: 'anonymous', role: 'read' }, 'write', 'PUT /x')).toThrow(
      'Anyone may read this broker, but PUT /x needs the write role.',
    );
    expect(() => requireRole({ kind: 'anonymous', role: 'admin' }, 'admin', 'DELETE /x')).not.toThrow();
  });
});

describe('requireScope', () => {
  const scoped = token('write', { pacticipants: ['OrderWeb'], labels: ['team-orders'] });

  it('lets a scoped token act for its named pacticipants and those with its labels', () => {
    expect(() => requireScope(scoped, { name: 'OrderWeb', labels: [] }, 'PUT x')).not.toThrow();
    expect(() => requireScope(scoped, { name: 'OrderApi', labels: ['team-orders', 'other'] }, 'PUT x')).not.toThrow();
  });

  it('refuses another pacticipant, naming the scope and the pacticipant', () => {
    expect(() => requireScope(scoped, { name: 'Billing', labels: ['team-billing'] }, 'PUT /pacts/x')).toThrow(
      'The token "orders-ci" may change only the pacticipants "OrderWeb" and pacticipants labelled "team-orders"; ' +
        'PUT /pacts/x acts for "Billing", which is outside that scope.',
    );
  });

  it('refuses a request that acts for no one pacticipant', () => {
    expect(() => requireScope(scoped, undefined, 'POST /environments')).toThrow(OutsideTokenScope);
  });

  it('does not limit tokens without a scope, users, or anonymous callers', () => {
    const target = { name: 'Billing', labels: [] };
    expect(() => requireScope(token('admin'), target, 'x')).not.toThrow();
    expect(() => requireScope({ kind: 'user', name: 'ci', role: 'admin' }, undefined, 'x')).not.toThrow();
    expect(() => requireScope({ kind: 'anonymous', role: 'admin' }, undefined, 'x')).not.toThrow();
  });
});
