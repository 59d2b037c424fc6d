/**
 * Organizations mode, real time: what the scorer knows about the member account an event came from — its name (for
 * the alert and the history) and its organizational units (for per-account configuration). Pure: the lookups are
 * injected (lib/aws/organizations-directory.ts implements them over DescribeAccount / ListParents).
 *
 * - Cached per cold start with a TTL (names change rarely; a moved account's OUs are re-read after the TTL); a failed
 *   lookup is cached for a shorter time so a throttled or denied Organizations API is not hammered by every event.
 * - Never throws: a failure gives `undefined` (the alert names the account by id only; the configuration applies
 *   what matches by account id) and the reason, for the log.
 * - An account name is text chosen by whoever administers that account: `accountDisplayName` strips controls,
 *   bidi and invisible characters, collapses whitespace and caps its length before it goes anywhere.
 */

/** Organizations account names are at most 50 characters; anything longer is cut to this. */
export const MAX_ACCOUNT_NAME_CHARS = 50;
/** Default time a looked-up name / OU path is reused. */
export const DEFAULT_DIRECTORY_TTL_MS = 15 * 60 * 1000;
/** Time a failed lookup is remembered (the event is alerted meanwhile, by account id). */
export const DEFAULT_FAILURE_TTL_MS = 60 * 1000;
/** Entries kept (the oldest is dropped first). */
export const MAX_DIRECTORY_ENTRIES = 5_000;
/** Organizations nests OUs at most five deep under the root: a longer chain is a malformed answer. */
export const MAX_OU_DEPTH = 8;

export interface DirectoryLookups {
  /** The account's name as DescribeAccount returns it (undefined when it has none). Throws on failure. */
  accountName(accountId: string): Promise<string | undefined>;
  /** The immediate parent of an account or OU: `{id, type}` with type `ORGANIZATIONAL_UNIT` or `ROOT`. Throws on failure. */
  parentOf(childId: string): Promise<{ id: string; type: string } | undefined>;
}

export interface DirectoryOptions {
  ttlMs?: number;
  failureTtlMs?: number;
  now?: () => number;
  /** Told about each failed lookup (the scorer logs it). */
  onError?: (what: string, accountId: string, reason: string) => void;
}

export interface AccountDirectory {
  /** The account's display name, sanitised; undefined when unknown or unreadable. */
  name(accountId: string): Promise<string | undefined>;
  /** The OU ids above the account, nearest first (the root excluded); undefined when they could not be read. */
  ous(accountId: string): Promise<string[] | undefined>;
}

const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$/;

// Controls, format (bidi, zero-width), private-use, unassigned, line and paragraph separators.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu;

/** A name from another account, safe to show on one line: no controls or invisible characters, ≤ 50 characters. */
export function accountDisplayName(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const cleaned = raw.normalize('NFKC').replace(/\s+/gu, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim();
  if (cleaned === '') return undefined;
  const chars = [...cleaned];
  return chars.length > MAX_ACCOUNT_NAME_CHARS ? `${chars.slice(0, MAX_ACCOUNT_NAME_CHARS - 1).join('').trimEnd()}…` : cleaned;
}

function reasonOf(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; message?: unknown };
    if (typeof e.name === 'string' && e.name !== '' && e.name !== 'Error') return e.name.slice(0, 100);
    if (typeof e.message === 'string' && e.message !== '') return e.message.slice(0, 200);
  }
  return 'unknown error';
}

interface Entry<T> {
  until: number;
  value: Promise<T | undefined>;
}

class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly failureTtlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string, load: () => Promise<T>, onError: (reason: string) => void): Promise<T | undefined> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > t) return hit.value;
    const entry: Entry<T> = { until: t + this.ttlMs, value: Promise.resolve(undefined) };
    entry.value = load().then(
      (v) => v,
      (err: unknown) => {
        entry.until = this.now() + this.failureTtlMs;
        onError(reasonOf(err));
        return undefined;
      },
    );
    this.entries.delete(key);
    if (this.entries.size >= MAX_DIRECTORY_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
    return entry.value;
  }
}

export function createAccountDirectory(lookups: DirectoryLookups, opts: DirectoryOptions = {}): AccountDirectory {
  const now = opts.now ?? Date.now;
  const ttl = opts.ttlMs ?? DEFAULT_DIRECTORY_TTL_MS;
  const failureTtl = opts.failureTtlMs ?? DEFAULT_FAILURE_TTL_MS;
  const names = new TtlCache<string | undefined>(ttl, failureTtl, now);
  const paths = new TtlCache<string[]>(ttl, failureTtl, now);
  const report = (what: string, id: string) => (reason: string) => opts.onError?.(what, id, reason);

  async function readPath(accountId: string): Promise<string[]> {
    const out: string[] = [];
    let child = accountId;
    for (let depth = 0; depth < MAX_OU_DEPTH; depth++) {
      const parent = await lookups.parentOf(child);
      if (!parent || parent.type === 'ROOT') return out;
      if (parent.type !== 'ORGANIZATIONAL_UNIT' || !OU_ID.test(parent.id)) throw new Error(`unexpected parent ${JSON.stringify(parent.id).slice(0, 80)} (${String(parent.type).slice(0, 40)})`);
      out.push(parent.id);
      child = parent.id;
    }
    throw new Error(`more than ${MAX_OU_DEPTH} levels of organizational units above the account`);
  }

  return {
    name(accountId) {
      if (!ACCOUNT_ID.test(accountId)) return Promise.resolve(undefined);
      return names.get(accountId, async () => accountDisplayName(await lookups.accountName(accountId)), report('DescribeAccount', accountId));
    },
    ous(accountId) {
      if (!ACCOUNT_ID.test(accountId)) return Promise.resolve(undefined);
      return paths.get(accountId, () => readPath(accountId), report('ListParents', accountId));
    },
  };
}
