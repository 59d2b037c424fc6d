/**
 * A token bucket that paces calls to an API with a published rate limit (CloudTrail LookupEvents: 2 requests per
 * second per account and region). `take()` resolves when a call may be made. The clock is injectable so tests measure
 * the pacing on a fake clock instead of waiting. No AWS SDK import: the SDK's adaptive retry handles the throttles
 * that still happen (another tool sharing the limit); the pacer keeps this client from causing them.
 */
export interface PacerClock {
  /** Milliseconds (monotonic). */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  /**
   * @param perSecond refill rate (calls per second)
   * @param burst bucket size: 1 spaces the calls evenly, so no one-second window holds more than `perSecond` calls
   */
  constructor(
    readonly perSecond: number,
    readonly burst: number = 1,
    private readonly clock: PacerClock = realClock,
  ) {
    if (!(perSecond > 0) || !(burst >= 1)) throw new RangeError('TokenBucket: perSecond must be > 0 and burst >= 1');
    this.tokens = burst;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
  }

  /** Waits for a token (callers are served in order). */
  take(): Promise<void> {
    const next = this.queue.then(async () => {
      this.refill();
      while (this.tokens < 1) {
        await this.clock.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.perSecond));
        this.refill();
      }
      this.tokens -= 1;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
