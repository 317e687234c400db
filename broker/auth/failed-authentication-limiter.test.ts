import { FailedAuthenticationLimiter } from './failed-authentication-limiter';

describe('FailedAuthenticationLimiter', () => {
  let clock = 0;
  const limiter = () => new FailedAuthenticationLimiter(3, 60_000, () => clock);
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('lets an address fail up to the limit, then refuses it until the window ends', () => {
    const limits = limiter();
    for (let failure = 0; failure < 3; failure++) {
      expect(limits.retryAfterSeconds('10.0.0.1')).toBe(0);
      limits.recordFailure('10.0.0.1');
    }
    expect(limits.retryAfterSeconds('10.0.0.1')).toBe(60);
    clock += 45_500;
    expect(limits.retryAfterSeconds('10.0.0.1')).toBe(15);
    clock += 14_500;
    expect(limits.retryAfterSeconds('10.0.0.1')).toBe(0);
  });

  it('counts each address on its own', () => {
    const limits = limiter();
    for (let failure = 0; failure < 3; failure++) limits.recordFailure('10.0.0.1');
    expect(limits.retryAfterSeconds('10.0.0.2')).toBe(0);
  });

  it('starts a new count in a new window', () => {
    const limits = limiter();
    limits.recordFailure('10.0.0.1');
    limits.recordFailure('10.0.0.1');
    clock += 60_000;
    limits.recordFailure('10.0.0.1');
    limits.recordFailure('10.0.0.1');
    expect(limits.retryAfterSeconds('10.0.0.1')).toBe(0);
  });
});
