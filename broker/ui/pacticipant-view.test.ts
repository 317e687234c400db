import { pageOf } from './pagination';
import { pacticipantBody, type PacticipantPageInput, versionRowView } from './pacticipant-view';
import { AWKWARD_NAME, exampleIntegrationRow, exampleVersion, NOW } from './view-examples';

const pacticipant = {
  id: 1,
  name: 'order-web',
  display_name: null,
  repository_url: 'https://git.example.com/order-web',
  repository_name: null,
  repository_namespace: null,
  main_branch: 'main',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

const facts = {
  branches: [{ name: 'main', latest: true }],
  tags: ['prod'],
  deployedTo: ['production'],
  releasedTo: ['mobile-store'],
  pactsWith: ['order-api'],
};

describe('versionRowView', () => {
  it('gathers a version’s branches, tags, environments and pacts', () => {
    expect(versionRowView('order-web', exampleVersion(), facts, '')).toEqual({
      number: '1.0.0',
      createdAt: '2026-01-10T09:00:00.000Z',
      branches: [{ name: 'main', head: true }],
      tags: ['prod'],
      environments: [
        { name: 'production', how: 'deployed' },
        { name: 'mobile-store', how: 'released' },
      ],
      pacts: [{ providerName: 'order-api', href: '/pacts/provider/order-api/consumer/order-web/version/1.0.0' }],
    });
  });
});

describe('pacticipantBody', () => {
  const input = (overrides: Partial<PacticipantPageInput> = {}): PacticipantPageInput => ({
    basePath: '',
    brokerUrl: 'http://broker.test',
    now: NOW,
    pacticipant,
    versions: pageOf([versionRowView('order-web', exampleVersion(), facts, '')], 1, 25, 30),
    asConsumer: [exampleIntegrationRow()],
    asProvider: [],
    environmentNames: ['production'],
    ...overrides,
  });

  it('shows the pacticipant, its integrations in both roles, badges for its main branch and a page of versions', () => {
    const text = pacticipantBody(input()).text;
    expect(text).toContain('<dt>Display name</dt><dd>Order Web</dd>');
    expect(text).toContain('<a href="https://git.example.com/order-web" rel="noopener noreferrer">');
    expect(text).toContain('<h2>As a consumer (1)</h2>');
    expect(text).toContain('<h2>As a provider (0)</h2>');
    expect(text).toContain(
      '<img src="/pacticipants/order-web/branches/main/latest-version/can-i-deploy/to-environment/production/badge"',
    );
    expect(text).toContain(
      '<code>![can-i-deploy main to production](http://broker.test/pacticipants/order-web/branches/main/latest-version/can-i-deploy/to-environment/production/badge)</code>',
    );
    expect(text).toContain('<span class="tag environment">deployed to production</span>');
    expect(text).toContain('<span class="tag branch" title="the head of this branch">main (head)</span>');
    expect(text).toContain('<a rel="next" href="/pacticipants/order-web?page=2">');
  });

  it('renders an awkward name as text', () => {
    const text = pacticipantBody(
      input({ pacticipant: { ...pacticipant, name: AWKWARD_NAME, main_branch: null }, versions: pageOf([], 1, 25, 0) }),
    ).text;
    expect(text).toContain('<h1>&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; Café ☕</h1>');
    expect(text).not.toContain('<img');
    expect(text).toContain('No versions yet.');
  });
});
