import { hostPolicy } from './host-policy';

describe('hostPolicy', () => {
  it('allows any host with an empty whitelist, and only those listed otherwise', () => {
    expect(hostPolicy([]).allowed('ci.example.com')).toBe(true);
    const policy = hostPolicy(['ci.example.com', '*.github.com', '10.0.0.0/8', '/^jenkins-\\d+\\.corp$/']);
    expect(policy.allowed('CI.example.com')).toBe(true);
    expect(policy.allowed('api.github.com')).toBe(true);
    expect(policy.allowed('github.com.evil.example')).toBe(false);
    expect(policy.allowed('10.1.2.3')).toBe(true);
    expect(policy.allowed('11.1.2.3')).toBe(false);
    expect(policy.allowed('jenkins-7.corp')).toBe(true);
    expect(policy.allowed('evil.example')).toBe(false);
  });

  it('refuses loopback, link-local and metadata addresses unless the whitelist names them', () => {
    const open = hostPolicy([]);
    expect(open.refusedAddress('127.0.0.1', 'ci.example.com')).toContain('loopback');
    expect(open.refusedAddress('169.254.169.254', 'metadata')).toBeDefined();
    expect(open.refusedAddress('::1', '[::1]')).toBeDefined();
    expect(open.refusedAddress('::ffff:127.0.0.1', 'sneaky.example')).toBeDefined();
    expect(open.refusedAddress('fe80::1', 'x')).toBeDefined();
    expect(open.refusedAddress('0.0.0.0', 'x')).toBeDefined();
    expect(open.refusedAddress('10.0.0.5', 'jenkins.corp')).toBeUndefined();
    expect(open.refusedAddress('93.184.216.34', 'example.com')).toBeUndefined();
    expect(open.refusedAddress('10.0.0.5', 'metadata.google.internal')).toBeDefined();
    expect(hostPolicy(['127.0.0.1']).refusedAddress('127.0.0.1', '127.0.0.1')).toBeUndefined();
    expect(hostPolicy(['localhost']).refusedAddress('127.0.0.1', 'localhost')).toBeUndefined();
    expect(hostPolicy(['127.0.0.0/8']).refusedAddress('127.0.0.9', 'internal.example')).toBeUndefined();
  });
});
