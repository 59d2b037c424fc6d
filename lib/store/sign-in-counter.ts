/**
 * Failed console sign-in counters for `console-sign-in-attack`: per IAM user and per source address, over a sliding
 * window counted in one-minute slots. The Lambda keeps them in the state table (DynamoDB atomic `ADD` counters with a
 * TTL, lib/aws/dynamo-sign-in-counter.ts); `score` and `replay` keep them in memory (MemorySignInCounter). Both follow
 * the same rule, so the same events in the same order give the same counts:
 *
 *   a failure at time t adds 1 to the slot floor(t / 60 s) of its user key and of its source key;
 *   the count of a key at t is the sum of its slots floor(t/60) - window + 1 … floor(t/60) (later slots never count).
 *
 * The engine asks the counter before the rules run (like enrichment) and passes the counts in the rule context.
 * Pure apart from the in-memory state: no AWS SDK.
 */
import type { NormalizedEvent } from '../cloudtrail/types';

/** One ConsoleLogin as the counters see it. */
export interface SignInObservation {
  account: string;
  /** `user#<name>` (IAM user, lower case: IAM user names are unique ignoring case) or `root`; absent when hidden. */
  userKey?: string;
  /** The source address (absent when CloudTrail wrote none). */
  sourceIp?: string;
  /** Epoch milliseconds of the sign-in. */
  timeMs: number;
  failed: boolean;
}

/** Failures in the window ending at the observation (a failure counts itself). */
export interface SignInWindowCounts {
  userFailures?: number;
  sourceFailures?: number;
  windowMinutes: number;
  threshold: number;
}

export interface SignInCounter {
  /** Adds the observation when it is a failure, then returns the window's counts for its user and its source. */
  observe(obs: SignInObservation): Promise<SignInWindowCounts>;
}

export interface SignInCounterOptions {
  windowMinutes: number;
  threshold: number;
}

export const SLOT_SECONDS = 60;

export function slotOf(timeMs: number): number {
  return Math.floor(timeMs / 1000 / SLOT_SECONDS);
}

/** Counter keys of an observation: `<account>#<user key>` and `<account>#ip#<address>`. */
export function counterKeys(obs: SignInObservation): { user?: string; source?: string } {
  return {
    ...(obs.userKey ? { user: `${obs.account}#${obs.userKey}` } : {}),
    ...(obs.sourceIp ? { source: `${obs.account}#ip#${obs.sourceIp}` } : {}),
  };
}

const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';
/** Keys are bounded: names and addresses longer than this are cut (IAM user names are at most 64 characters). */
const MAX_KEY_PART = 128;

/**
 * The observation of a ConsoleLogin event (undefined for any other event, or one without a usable time). Failures of
 * every identity count by source address; the user key is the IAM user's name (or `root`), never the placeholder AWS
 * writes when the name does not exist.
 */
export function signInObservation(ev: NormalizedEvent): SignInObservation | undefined {
  if (ev.eventName !== 'ConsoleLogin' || ev.eventSource !== 'signin.amazonaws.com' || !ev.eventTime) return undefined;
  const timeMs = Date.parse(ev.eventTime);
  if (Number.isNaN(timeMs)) return undefined;
  const result = ev.responseElements.ConsoleLogin;
  const failed = ev.failed || result === 'Failure';
  let userKey: string | undefined;
  if (ev.actor.type === 'Root') userKey = 'root';
  else if (ev.actor.type === 'IAMUser' && ev.actor.userName && ev.actor.userName !== HIDDEN) userKey = `user#${ev.actor.userName.toLowerCase().slice(0, MAX_KEY_PART)}`;
  const sourceIp = ev.sourceIp ? ev.sourceIp.slice(0, MAX_KEY_PART) : undefined;
  return { account: ev.account, timeMs, failed, ...(userKey ? { userKey } : {}), ...(sourceIp ? { sourceIp } : {}) };
}

/**
 * The counts `observeSync` gives an observation when no other failure of its user or its source is in the window:
 * the failure itself, or nothing.
 */
export function firstCounts(obs: SignInObservation, opts: SignInCounterOptions): SignInWindowCounts {
  const out: SignInWindowCounts = { windowMinutes: opts.windowMinutes, threshold: opts.threshold };
  const own = obs.failed ? 1 : 0;
  // The keys counterKeys would build.
  if (obs.userKey) out.userFailures = own;
  if (obs.sourceIp) out.sourceFailures = own;
  return out;
}

/** Same counts (the options are the same for every observation of a replay, so only the failures are compared). */
export function sameCounts(a: SignInWindowCounts, b: SignInWindowCounts): boolean {
  return a.userFailures === b.userFailures && a.sourceFailures === b.sourceFailures && a.windowMinutes === b.windowMinutes && a.threshold === b.threshold;
}

/**
 * In-memory counters (`score`, `replay`). Slots older than a day before the newest slot seen are dropped, so a long
 * archive keeps memory flat; an event older than that (an archive far out of time order) counts from what remains.
 */
export class MemorySignInCounter implements SignInCounter {
  private readonly slots = new Map<string, Map<number, number>>();
  private newest = -Infinity;
  private observed = 0;

  constructor(private readonly opts: SignInCounterOptions) {}

  observeSync(obs: SignInObservation): SignInWindowCounts {
    const slot = slotOf(obs.timeMs);
    const keys = counterKeys(obs);
    if (obs.failed) {
      for (const k of [keys.user, keys.source]) {
        if (!k) continue;
        let m = this.slots.get(k);
        if (!m) this.slots.set(k, (m = new Map()));
        m.set(slot, (m.get(slot) ?? 0) + 1);
      }
      if (slot > this.newest) this.newest = slot;
      if (++this.observed % 1000 === 0) this.prune();
    }
    const out: SignInWindowCounts = { windowMinutes: this.opts.windowMinutes, threshold: this.opts.threshold };
    if (keys.user) out.userFailures = this.sum(keys.user, slot);
    if (keys.source) out.sourceFailures = this.sum(keys.source, slot);
    return out;
  }

  observe(obs: SignInObservation): Promise<SignInWindowCounts> {
    return Promise.resolve(this.observeSync(obs));
  }

  private sum(key: string, slot: number): number {
    const m = this.slots.get(key);
    if (!m) return 0;
    let n = 0;
    const from = slot - this.opts.windowMinutes + 1;
    if (this.opts.windowMinutes < m.size) {
      // The window's slots, looked up: a busy key holds up to a day of slots (measured: most of a 1 GB replay's
      // second pass went to walking them for every sign-in).
      for (let s = Math.ceil(from); s <= slot; s++) n += m.get(s) ?? 0;
    } else for (const [s, c] of m) if (s >= from && s <= slot) n += c;
    return n;
  }

  private prune(): void {
    const keep = this.newest - this.opts.windowMinutes - 24 * 60;
    for (const [k, m] of this.slots) {
      for (const s of m.keys()) if (s < keep) m.delete(s);
      if (m.size === 0) this.slots.delete(k);
    }
  }
}
