/**
 * Scores one CloudTrail log file (the unit of work of a replay): read or take its bytes, gunzip, parse, and run the
 * same offline scorer as `score`. Used by the worker threads and, for one core, in process.
 */
import { ForeignInputError, InputError, parseEventText, shortMessage } from '../cloudtrail/input';
import { FileTooLargeError, gunzipBoundedSync, maxInputBytes, readBoundedFileSync, tooLarge } from '../io/bounded-read';
import { quietScore, ruleIndex, scoreEventOffline, type RuleIndex, type SyncSignInCounter } from '../engine/score-event';
import { normalizeEvent } from '../cloudtrail/normalize';
import { signInObservation, type SignInObservation, type SignInWindowCounts } from '../store/sign-in-counter';
import { EVENT_RULES } from '../rules/event';
import { prescan } from './prescan';
import { scoredEventJson } from '../engine/json';
import { ReplayWorkerError, type DeferredSignIn, type FileResult, type ReplayTask, type ReplayWorkerInit, type SignInBatch } from './types';
import { MemorySignInCounter } from '../store/sign-in-counter';
import type { ScoredEvent } from '../engine/score-event';

/** Console sign-ins a file may hand back for the in-order pass; more are scored in the file without counters. */
export const MAX_DEFERRED_SIGN_INS_PER_FILE = 50_000;

/** A ConsoleLogin record (bare or in an envelope): console-sign-in-attack needs every one, in time order. */
function isConsoleLogin(rec: unknown): boolean {
  if (!rec || typeof rec !== 'object') return false;
  const r = rec as Record<string, unknown>;
  const detail = r.detail && typeof r.detail === 'object' ? (r.detail as Record<string, unknown>) : r;
  return detail.eventName === 'ConsoleLogin';
}

function tally(res: FileResult, scored: ScoredEvent, file: string, init: ReplayWorkerInit): void {
  if (scored.findings.length === 0) return;
  res.flagged += 1;
  if (scored.alert) res.alerts += 1;
  for (const f of scored.findings) {
    const bySev = (res.byRule[f.ruleId] ??= {});
    const key = f.status === 'suppressed' ? 'suppressed' : f.severity;
    bySev[key] = (bySev[key] ?? 0) + 1;
  }
  if (init.collectLines) res.lines.push(findingLine(scored, file));
}

let lineFile = '';
let lineFileJson = '""';

/**
 * A `--json` line: `{...scoredEventJson, eventTime, file}` as JSON.stringify writes that object (eventTime left out
 * when there is none), built by appending the two fields to the scored event's JSON: no copy of the object, and the
 * file's name is escaped once per file, not once per line (measured: 0.8 × the time of stringifying the copy).
 */
export function findingLine(scored: ScoredEvent, file: string): string {
  if (file !== lineFile) {
    lineFile = file;
    lineFileJson = JSON.stringify(file);
  }
  const body = JSON.stringify(scoredEventJson(scored));
  const time = scored.eventTime === undefined ? '' : `,"eventTime":${JSON.stringify(scored.eventTime)}`;
  return `${body.slice(0, -1)}${time},"file":${lineFileJson}}`;
}

/**
 * The counters' half of the second pass of a replay: the console sign-ins every file handed back, sorted by time
 * (files are scored in any order by several threads), their observations counted with one in-memory counter so
 * repeated failures across files are seen as they would have been live. Records without a time keep their order at
 * the end (they cannot be counted in a window). Cheap (no scoring): the scoring of the batch (scoreSignInBatch) can
 * then be split between threads.
 */
export function countDeferredSignIns(deferred: DeferredSignIn[], init: ReplayWorkerInit): SignInBatch {
  const ms = (d: DeferredSignIn) => {
    const t = eventTimeOf(d.record);
    const v = t ? Date.parse(t) : NaN;
    return Number.isNaN(v) ? Infinity : v;
  };
  const order = deferred.map((d, i) => ({ d, i, t: ms(d) })).sort((a, b) => a.t - b.t || a.i - b.i);
  const counter = new MemorySignInCounter({ windowMinutes: init.config.thresholds.signInWindowMinutes, threshold: init.config.thresholds.signInFailures });
  const signIns = order.map((o) => o.d);
  return { signIns, counts: signIns.map((d) => (d.observation ? counter.observeSync(d.observation) : undefined)) };
}

/** Scores console sign-ins with the counts countDeferredSignIns gave them (what the in-order counter answered). */
export function scoreSignInBatch(batch: SignInBatch, init: ReplayWorkerInit): FileResult {
  const res: FileResult = { id: -1, file: '(console sign-ins, in time order)', bytes: 0, rawBytes: 0, events: 0, skipped: 0, flagged: 0, alerts: 0, byRule: {}, lines: [], signInPass: true };
  let next: SignInWindowCounts | undefined;
  const counted: SyncSignInCounter = {
    observeSync: () => {
      if (!next) throw new ReplayWorkerError('a sign-in the counters did not count');
      return next;
    },
  };
  for (let i = 0; i < batch.signIns.length; i++) {
    const d = batch.signIns[i];
    next = batch.counts[i];
    tally(res, scoreEventOffline(d.record, { config: init.config, signIns: counted }), d.file, init);
  }
  return res;
}

/**
 * The second pass of a replay in one thread: countDeferredSignIns, then scoreSignInBatch (the same counts, in time
 * order, as scoring each with one counter).
 */
export function scoreDeferredSignIns(deferred: DeferredSignIn[], init: ReplayWorkerInit): FileResult {
  return scoreSignInBatch(countDeferredSignIns(deferred, init), init);
}

/**
 * What the counters will see of a deferred sign-in, worked out with the file: exactly what scoreEventOffline passes
 * them (nothing for a quiet record, which never reaches them).
 */
function observationOf(rec: unknown, idx: RuleIndex): SignInObservation | undefined {
  if (quietScore(rec, idx)) return undefined;
  return signInObservation(normalizeEvent(rec));
}

function eventTimeOf(rec: unknown): string | undefined {
  if (!rec || typeof rec !== 'object') return undefined;
  const r = rec as Record<string, unknown>;
  const detail = r.detail && typeof r.detail === 'object' ? (r.detail as Record<string, unknown>) : r;
  return typeof detail.eventTime === 'string' ? detail.eventTime : undefined;
}

/**
 * The gzip trailer's ISIZE (uncompressed size mod 2^32 of the last member) as zlib's output chunk size, so a log file
 * inflates into one buffer instead of 16 KiB chunks concatenated afterwards (measured: a twentieth of a replay's
 * time). Only a hint: a wrong or small value (multi-member files, > 4 GiB) just means more chunks, never wrong output.
 */
function inflateChunkSize(gz: Uint8Array): number {
  const n = gz.length;
  const isize = (gz[n - 4] | (gz[n - 3] << 8) | (gz[n - 2] << 16) | (gz[n - 1] << 24)) >>> 0;
  return Math.min(Math.max(isize + 1, 64 * 1024), 256 * 1024 * 1024);
}

/**
 * Synchronous gunzip: a replay worker does nothing else meanwhile, and the async zlib path leaves the thread idle
 * waiting on the libuv pool (measured: about a third of the time). Returns the inflated bytes (the BOM is the
 * reader's business: the pre-scan skips it, toText strips it).
 */
function inflateSync(file: string, bytes: Uint8Array, limit: number): Buffer {
  let data: Uint8Array = bytes;
  if (data.length > limit) throw new InputError(file, tooLarge('the file', limit).problem);
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      // Shorter than the smallest gzip member (10-byte header + 8-byte trailer): no trailer to read; zlib names the problem.
      // Inflation stops at the size limit (a gzip bomb costs the limit, not its inflated size).
      data = gunzipBoundedSync(data, limit, data.length >= 18 ? inflateChunkSize(data) : undefined);
    } catch (e) {
      if (e instanceof FileTooLargeError) throw new InputError(file, e.problem);
      throw new InputError(file, `gzip data is corrupt (${shortMessage(e)})`);
    }
  }
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function toText(data: Buffer): string {
  const text = data.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export async function processFile(task: ReplayTask, init: ReplayWorkerInit): Promise<FileResult> {
  return processFileSync(task, init);
}

export function processFileSync(task: ReplayTask, init: ReplayWorkerInit): FileResult {
  const res: FileResult = {
    id: task.id,
    file: task.file,
    bytes: 0,
    rawBytes: 0,
    events: 0,
    skipped: 0,
    flagged: 0,
    alerts: 0,
    byRule: {},
    lines: [],
  };
  try {
    if (task.error !== undefined) throw new InputError(task.file, task.error);
    const limit = maxInputBytes();
    let bytes: Uint8Array;
    try {
      bytes = task.bytes ?? readBoundedFileSync(task.file, limit);
    } catch (e) {
      if (e instanceof FileTooLargeError) throw new InputError(task.file, e.problem);
      const err = e as NodeJS.ErrnoException;
      throw new InputError(task.file, err.code === 'ENOENT' ? 'file not found' : err.code === 'EACCES' ? 'permission denied' : shortMessage(err));
    }
    res.bytes = bytes.byteLength;
    const data = inflateSync(task.file, bytes, limit);
    res.rawBytes = data.byteLength;
    const sinceMs = init.since ? Date.parse(init.since) : undefined;
    const untilMs = init.until ? Date.parse(init.until) : undefined;
    const scoreOpts = { config: init.config };
    const index = ruleIndex(init.config, EVENT_RULES);
    const filtering = sinceMs !== undefined || untilMs !== undefined;
    /** Counts the record and says whether --since/--until leave it out. */
    const outOfRange = (t: string | undefined): boolean => {
      // A record without a (readable) eventTime (log pipelines strip it) cannot be placed in --since/--until: it is
      // scored, and counted so the summary names it.
      if (filtering) {
        const ms = t ? Date.parse(t) : NaN;
        if (Number.isNaN(ms)) res.untimed = (res.untimed ?? 0) + 1;
        else if ((sinceMs !== undefined && ms < sinceMs) || (untilMs !== undefined && ms > untilMs)) {
          res.skipped += 1;
          return true;
        }
      } else if (!t) res.untimed = (res.untimed ?? 0) + 1;
      res.events += 1;
      return false;
    };
    const score = (rec: unknown) => {
      if (init.deferSignIns && isConsoleLogin(rec) && (res.signIns ??= []).length < MAX_DEFERRED_SIGN_INS_PER_FILE) {
        const observation = observationOf(rec, index);
        res.signIns.push(observation ? { file: task.file, record: rec, observation } : { file: task.file, record: rec });
        return;
      }
      tally(res, scoreEventOffline(rec, scoreOpts), task.file, init);
    };
    // The quiet pre-scan (prescan.ts): JSON.parse only for the records that can matter; the same counts and findings.
    const scan = init.fullParse ? undefined : prescan(data, index, filtering);
    if (scan) {
      const { spans, quiet } = scan;
      for (let i = 0; i < quiet.length; i++) {
        const q = quiet[i];
        if (q !== null) {
          // Quiet: no rule can flag it (the full path's result would be 'none'); only its time counts.
          outOfRange(q);
          continue;
        }
        const rec: unknown = JSON.parse(data.toString('utf8', spans[2 * i], spans[2 * i + 1]));
        if (outOfRange(eventTimeOf(rec))) continue;
        score(rec);
      }
    } else {
      for (const rec of parseEventText(task.file, toText(data))) {
        if (outOfRange(eventTimeOf(rec))) continue;
        score(rec);
      }
    }
  } catch (e) {
    if (e instanceof ForeignInputError) res.ignored = e.problem;
    else res.error = e instanceof InputError ? e.problem : shortMessage(e);
  }
  return res;
}
