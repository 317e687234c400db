import type { Webhook } from '../webhooks/store';
import { webhookBody, webhooksListBody } from './webhooks-view';

const webhook = (overrides: Partial<Webhook> = {}): Webhook => ({
  id: 1,
  uuid: 'abcdefghijklmnopqrstuv',
  description: 'Trigger <b>OrderApi</b> build',
  enabled: 1,
  consumer_id: null,
  consumer_label: null,
  provider_id: 2,
  provider_label: null,
  consumer_name: null,
  provider_name: 'OrderApi',
  events: ['contract_requiring_verification_published'],
  request: {
    method: 'POST',
    url: 'https://ci.example/build',
    headers: { Authorization: 'Bearer secret' },
    body: undefined,
  },
  consecutive_failures: 0,
  disabled_reason: null,
  created_at: '2026-12-06T10:00:00.000Z',
  updated_at: '2026-12-06T10:00:00.000Z',
  ...overrides,
});

describe('webhooksListBody', () => {
  it('lists each webhook with its scope and state, escaping what clients wrote', () => {
    const text = webhooksListBody([webhook()], '/broker').text;
    expect(text).toContain(
      '<a href="/broker/webhooks/abcdefghijklmnopqrstuv">Trigger &lt;b&gt;OrderApi&lt;/b&gt; build</a>',
    );
    expect(text).toContain('<span class="status status-verified">enabled</span>');
    expect(text).not.toContain('secret');
  });
});

describe('webhookBody', () => {
  it('says why a webhook was disabled and how to turn it back on, with headers as given (already redacted)', () => {
    const disabled = webhook({
      enabled: 0,
      disabled_reason: 'Disabled after 3 deliveries in a row failed.',
      consecutive_failures: 3,
    });
    const text = webhookBody(disabled, [], { Authorization: '**********' }, new Date()).text;
    expect(text).toContain('auto-disabled');
    expect(text).toContain(
      'Disabled after 3 deliveries in a row failed. Save it again with <code>enabled: true</code>',
    );
    expect(text).toContain('<code>Authorization: **********</code>');
    expect(text).toContain('3 failed deliveries in a row');
  });
});
