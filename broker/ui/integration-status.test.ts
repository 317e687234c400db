import { decideIntegrationStatus, statusPill } from './integration-status';

const pass = { success: true, pending: false };
const fail = { success: false, pending: false };

describe('decideIntegrationStatus', () => {
  it('is verified when the pact shown was verified successfully', () => {
    expect(decideIntegrationStatus({ ofPact: pass, ofIntegration: pass })).toBe('verified');
  });

  it('is changed when only earlier content was verified successfully', () => {
    expect(decideIntegrationStatus({ ofPact: undefined, ofIntegration: pass })).toBe('changed');
  });

  it('is failed when the latest verification of the pact failed, even after an earlier success', () => {
    expect(decideIntegrationStatus({ ofPact: fail, ofIntegration: fail })).toBe('failed');
  });

  it('is failed when the latest verification of earlier content failed', () => {
    expect(decideIntegrationStatus({ ofPact: undefined, ofIntegration: fail })).toBe('failed');
  });

  it('says when a failure happened while the pact was pending', () => {
    expect(decideIntegrationStatus({ ofPact: { success: false, pending: true }, ofIntegration: undefined })).toBe(
      'failedPending',
    );
  });

  it('is unknown when the integration was never verified', () => {
    expect(decideIntegrationStatus({ ofPact: undefined, ofIntegration: undefined })).toBe('unknown');
  });

  it('renders a coloured pill that explains itself', () => {
    expect(statusPill('changed').text).toBe(
      '<span class="status status-changed" title="earlier content was verified, the latest pact not yet">changed</span>',
    );
  });
});
