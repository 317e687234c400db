/**
 * Counts failed authentications per client address in fixed windows: once an address has
 * failed `limit` times in a window, it is refused until the window ends. In memory, per
 * instance: behind N instances an attacker gets N times the attempts, which is still a few
 * per second against 256-bit tokens.
 */
export class FailedAuthenticationLimiter {
  private readonly windows = new Map<string, { startedAt: number; failures: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whole seconds until the address may try again; 0 when it may now. */
  retryAfterSeconds(address: string): number {
    const window = this.current(address);
    if (window === undefined || window.failures < this.limit) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - this.now()) / 1000));
  }

  recordFailure(address: string): void {
    const window = this.current(address);
    if (window) window.failures += 1;
    else {
      if (this.windows.size >= 10_000) this.forgetEnded();
      this.windows.set(address, { startedAt: this.now(), failures: 1 });
    }
  }

  private current(address: string) {
    const window = this.windows.get(address);
    if (window && window.startedAt + this.windowMs <= this.now()) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }

  private forgetEnded(): void {
    for (const address of [...this.windows.keys()]) this.current(address);
  }
}
