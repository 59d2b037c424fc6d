/**
 * Organizations mode: which nights an account's IAM last-accessed data is collected (lastAccessed.orgRotationDays).
 * Pure: no AWS SDK.
 *
 * The last-accessed jobs are per principal (a Generate call and a status check each, up to lastAccessed.maxPrincipals
 * per account): they are most of an account's sweep (about 200 of its 210 IAM calls and 15 of its 16 seconds at IAM's
 * ~15 requests/s) while the data they judge moves slowly (`unused-permissions` reports grants unused for 90 days). So
 * in an org sweep each account's data is collected one day in `orgRotationDays` (default 7), on a day fixed by its
 * account id: day number (UTC days since 1970-01-01) mod N = account id mod N. The accounts spread evenly over the N
 * days, a new account gets a day at once, and anyone can tell which night an account is due. On the other nights its
 * sweep records the source as not collected with the next due date, so `unused-permissions` says "not evaluated" with
 * that reason (and keeps its earlier findings open): nothing is dropped silently. N = 1 collects every account on
 * every run.
 */

const DAY_MS = 86_400_000;
/** Upper bound of lastAccessed.orgRotationDays (the schema's maximum): data stays well inside the 90-day window. */
export const MAX_ROTATION_DAYS = 31;

export interface LastAccessedTurn {
  /** Collect this account's last-accessed data on this run. */
  collect: boolean;
  /** When not collected: why, naming the setting and the next date it is collected (what the sweep reports). */
  reason?: string;
  /** The UTC date (YYYY-MM-DD) of this account's next collection (today when `collect`). */
  next: string;
}

/** FNV-1a of a string (an account id that is not 12 digits still gets a stable day). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The account's day in the rotation (0 … days−1). */
export function rotationSlot(accountId: string, days: number): number {
  const n = /^\d{1,15}$/.test(accountId) ? Number(accountId) : fnv1a(accountId);
  return n % days;
}

/**
 * Whether the run at `runTime` (ISO 8601; the org run's id or start time) collects the account's last-accessed
 * data. An unreadable time or a rotation below 2 days collects (never skip by accident).
 */
export function lastAccessedTurn(accountId: string, runTime: string, rotationDays: number): LastAccessedTurn {
  const t = Date.parse(runTime);
  const days = Math.min(MAX_ROTATION_DAYS, Math.floor(rotationDays));
  const today = Number.isFinite(t) ? Math.floor(t / DAY_MS) : NaN;
  const iso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
  if (!Number.isFinite(today) || !(days >= 2)) return { collect: true, next: Number.isFinite(today) ? iso(today) : '' };
  const slot = rotationSlot(accountId, days);
  const wait = (slot - (today % days) + days) % days;
  if (wait === 0) return { collect: true, next: iso(today) };
  const next = iso(today + wait);
  return {
    collect: false,
    next,
    reason: `not due on this run: Organizations mode collects each account's last-accessed data one day in ${days} (lastAccessed.orgRotationDays); this account's next collection is on ${next} (UTC)`,
  };
}
