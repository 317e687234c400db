import type { AuditEvent } from '../audit/store';
import { auditSection, describeAuditEvent } from './audit-view';

const event = (overrides: Partial<AuditEvent>): AuditEvent => ({
  id: 1,
  created_at: '2026-12-06T10:00:00.000Z',
  actor: 'orders-ci',
  actor_kind: 'token',
  method: 'POST',
  path: '/x',
  resource_name: null,
  pacticipant_name: 'OrderWeb',
  params: null,
  status: 201,
  ...overrides,
});

describe('describeAuditEvent', () => {
  const environments = new Map([['e-1', 'production']]);

  it('says a deployment in words, with the environment by name', () => {
    const deployed = event({
      resource_name: 'deployed_versions_for_version_and_environment',
      params: JSON.stringify({ pacticipantName: 'OrderWeb', versionNumber: '1.2.3', environmentUuid: 'e-1' }),
    });
    expect(describeAuditEvent(deployed, environments)).toBe('recorded the deployment of version 1.2.3 to production');
  });

  it('says a deletion in words', () => {
    const deleted = event({
      method: 'DELETE',
      resource_name: 'version',
      params: JSON.stringify({ versionNumber: '9' }),
    });
    expect(describeAuditEvent(deleted, environments)).toBe('deleted version 9');
  });

  it('falls back to the method and path for a write it has no words for', () => {
    expect(describeAuditEvent(event({ resource_name: 'something_new', path: '/new' }), environments)).toBe('POST /new');
  });
});

describe('auditSection', () => {
  it('escapes what clients wrote and marks deletions', () => {
    const text = auditSection(
      [
        event({
          method: 'DELETE',
          resource_name: 'tag',
          actor: '<b>x</b>',
          params: JSON.stringify({ tagName: '<i>', versionNumber: '1' }),
        }),
      ],
      new Map(),
      new Date('2026-12-06T12:00:00.000Z'),
    ).text;
    expect(text).toContain('<tr class="deletion">');
    expect(text).toContain('the token <code>&lt;b&gt;x&lt;/b&gt;</code>');
    expect(text).toContain('removed the tag &lt;i&gt; from version 1');
    expect(text).toContain('2 hours ago');
  });
});
