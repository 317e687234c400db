import type { PactPublication } from '../pacts/store';
import type { VerificationRecord } from '../verifications/store';
import type { Version } from '../versions/store';
import type { IntegrationRow } from './integration-rows';

/**
 * Records shaped as the stores return them, for the view models' unit tests (views are pure,
 * so their tests need rows, not a database). Only imported by *-view.test.ts files.
 */
export const AWKWARD_NAME = `<img src=x onerror=alert(1)> "quoted" Café ☕`;

export function examplePublication(overrides: Partial<PactPublication> = {}): PactPublication {
  return {
    id: 1,
    revision: 1,
    created_at: '2026-01-10T09:00:00.000Z',
    consumer_id: 1,
    provider_id: 2,
    consumer_version_id: 10,
    pact_version_id: 100,
    consumer_name: 'order-web',
    provider_name: 'order-api',
    consumer_version_number: '1.0.0',
    sha: 'a'.repeat(40),
    ...overrides,
  };
}

export function exampleVerification(overrides: Partial<VerificationRecord> = {}): VerificationRecord {
  return {
    id: 1000,
    number: 1,
    pact_version_id: 100,
    provider_version_id: 20,
    consumer_id: 1,
    provider_id: 2,
    success: 1,
    build_url: null,
    test_results: null,
    verified_by: null,
    wip: 0,
    pending: null,
    created_at: '2026-01-10T10:00:00.000Z',
    provider_version_number: 'p1',
    pact_version_sha: 'a'.repeat(40),
    ...overrides,
  };
}

export function exampleVersion(overrides: Partial<Version> = {}): Version {
  return {
    id: 10,
    pacticipant_id: 1,
    number: '1.0.0',
    build_url: null,
    created_at: '2026-01-10T09:00:00.000Z',
    updated_at: '2026-01-10T09:00:00.000Z',
    ...overrides,
  };
}

export function exampleIntegrationRow(overrides: Partial<IntegrationRow> = {}): IntegrationRow {
  return {
    publication: examplePublication(),
    consumerBranches: ['main'],
    verification: exampleVerification(),
    otherContentVerification: undefined,
    status: 'verified',
    ...overrides,
  };
}

export const NOW = new Date('2026-01-10T12:00:00.000Z');
