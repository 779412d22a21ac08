import type { Clock } from '../core/clock.js';

interface Window {
  startedAt: number;
  failures: number;
}

/**
 * Counts failed sign-ins per client address in memory. Account lockout protects one account; this stops one
 * address from guessing across many accounts, or locking out everyone. A multi-process deployment counts
 * per process, which only makes the limit proportionally looser.
 */
export class LoginThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    private readonly maxFailures: number,
    private readonly windowMinutes: number,
  ) {}

  isThrottled(address: string): boolean {
    const window = this.current(address);
    return window !== undefined && window.failures >= this.maxFailures;
  }

  recordFailure(address: string): void {
    const window = this.current(address) ?? { startedAt: this.clock.now(), failures: 0 };
    window.failures += 1;
    this.windows.set(address, window);
    if (this.windows.size > 100_000) this.prune();
  }

  private current(address: string): Window | undefined {
    const window = this.windows.get(address);
    if (window && this.clock.now() - window.startedAt >= this.windowMinutes * 60_000) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }

  private prune(): void {
    for (const address of [...this.windows.keys()]) this.current(address);
  }
}
