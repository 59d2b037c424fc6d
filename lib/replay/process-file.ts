/**
 * Scores one CloudTrail log file (the unit of work of a replay): read or take its bytes, gunzip, parse, and run the
 * same offline scorer as `score`. Used by the worker threads and, for one core, in process.
 */
import { ForeignInputError, InputError, parseEventText, shortMessage } from '../cloudtrail/input';
import { FileTooLargeError, gunzipBoundedSync, maxInputBytes, readBoundedFileSync, tooLarge } from '../io/bounded-read';
import { quietScore, ruleIndex, scoreEventOffline, scoreNormalizedOffline, type RuleIndex, type SyncSignInCounter } from '../engine/score-event';
import { normalizeEvent } from '../cloudtrail/normalize';
import { MemorySignInCounter, firstCounts, sameCounts, signInObservation, type SignInCounterOptions, type SignInWindowCounts } from '../store/sign-in-counter';
import { countOutcome, signInFacts } from '../rules/event/console-sign-in-attack';
import { EVENT_RULES } from '../rules/event';
import { prescan } from './prescan';
import { scoredEventJson } from '../engine/json';
import { ReplayWorkerError, type DeferredSignIn, type FileResult, type ReplayTask, type ReplayWorkerInit, type ScoredSummary, type SignInBatch } from './types';
import type { ScoredEvent } from '../engine/score-event';
import type { Finding } from '../findings/types';

/** Console sign-ins a file may hand back for the in-order pass; more are scored in the file without counters. */
export const MAX_DEFERRED_SIGN_INS_PER_FILE = 50_000;

/** A ConsoleLogin record (bare or in an envelope): console-sign-in-attack needs every one, in time order. */
function isConsoleLogin(rec: unknown): boolean {
  if (!rec || typeof rec !== 'object') return false;
  const r = rec as Record<string, unknown>;
  const detail = r.detail && typeof r.detail === 'object' ? (r.detail as Record<string, unknown>) : r;
  return detail.eventName === 'ConsoleLogin';
}

/** A finding's place in `byRule`: its rule, then its severity or `suppressed`. */
function tallyKey(f: Finding): string {
  return f.status === 'suppressed' ? 'suppressed' : f.severity;
}

function count(res: FileResult, rule: string, key: string): void {
  const bySev = (res.byRule[rule] ??= {});
  bySev[key] = (bySev[key] ?? 0) + 1;
}

/** What a scored event adds to a result, kept for later (a deferred sign-in); null when it has no finding. */
function summarize(scored: ScoredEvent, file: string, init: ReplayWorkerInit): ScoredSummary | null {
  if (scored.findings.length === 0) return null;
  const byRule: ScoredSummary['byRule'] = scored.findings.map((f) => [f.ruleId, tallyKey(f)]);
  return init.collectLines ? { alert: scored.alert, byRule, line: findingLine(scored, file) } : { alert: scored.alert, byRule };
}

function addScored(res: FileResult, s: ScoredSummary | null): void {
  if (!s) return;
  res.flagged += 1;
  if (s.alert) res.alerts += 1;
  for (const [rule, key] of s.byRule) count(res, rule, key);
  if (s.line !== undefined) res.lines.push(s.line);
}

/** addScored(res, summarize(…)) without the summary in between (the path of every flagged record of a file). */
function tally(res: FileResult, scored: ScoredEvent, file: string, init: ReplayWorkerInit): void {
  if (scored.findings.length === 0) return;
  res.flagged += 1;
  if (scored.alert) res.alerts += 1;
  for (const f of scored.findings) count(res, f.ruleId, tallyKey(f));
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

function counterOptions(init: ReplayWorkerInit): SignInCounterOptions {
  return { windowMinutes: init.config.thresholds.signInWindowMinutes, threshold: init.config.thresholds.signInFailures };
}

/** A counter that answers the given counts (what the in-order counter answered, or firstCounts). */
function answering(counts: SignInWindowCounts): SyncSignInCounter {
  return { observeSync: () => counts };
}

/**
 * A console sign-in handed back to the second pass, scored now with the counts it gets when nothing before it in the
 * window failed: in time order most sign-ins get exactly those, or counts that change nothing (the pass checks which,
 * keepsEarly), so the pass scores only the rest again. Scoring here, on the file's warm code and in parallel, instead
 * of all in the pass: measured on 1 GB, the pass took about a tenth of the run.
 */
function deferSignIn(rec: unknown, text: string | undefined, file: string, idx: RuleIndex, init: ReplayWorkerInit): DeferredSignIn {
  const t = eventTimeOf(rec);
  const timeMs = t ? Date.parse(t) : NaN;
  // Quiet (its rules are all disabled): no finding, and the counters are not consulted.
  if (quietScore(rec, idx)) return { file, timeMs, early: { result: null } };
  const ev = normalizeEvent(rec);
  const observation = signInObservation(ev);
  // The counters are not consulted for it: its result is final.
  if (!observation) return { file, timeMs, early: { result: summarize(scoreNormalizedOffline(ev, { config: init.config }), file, init) } };
  const facts = signInFacts(ev);
  const scored = scoreNormalizedOffline(ev, { config: init.config, signIns: answering(firstCounts(observation, counterOptions(init))) });
  const again = text !== undefined ? { text } : { record: rec };
  return { file, timeMs, observation, early: { result: summarize(scored, file, init), facts }, ...again };
}

/**
 * Whether the sign-in's early result is the one the in-order counts give: the same counts, or counts with which
 * console-sign-in-attack (the only rule that reads them: test/replay/replay-sign-ins.test.ts) flags nothing, as with
 * the early counts.
 */
function keepsEarly(d: DeferredSignIn, counts: SignInWindowCounts | undefined, init: ReplayWorkerInit): boolean {
  if (!d.early) return false;
  if (!d.observation) return true;
  if (!counts || !d.early.facts) return false;
  const first = firstCounts(d.observation, counterOptions(init));
  return sameCounts(first, counts) || (countOutcome(d.early.facts, first) === 'none' && countOutcome(d.early.facts, counts) === 'none');
}

/**
 * The second pass of a replay, planned: the console sign-ins every file handed back, sorted by time (files are scored
 * in any order by several threads), their observations counted with one in-memory counter so repeated failures across
 * files are seen as they would have been live. Records without a time keep their order at the end (they cannot be
 * counted in a window). `rescore` lists the sign-ins whose early result the counts may change (scoreSignIns, in any
 * thread); finishSignInPass joins the rest and those.
 */
export interface SignInPlan {
  rescore: SignInBatch;
  /** Per sign-in in time order: its early result, or the index of its new one in `rescore`. */
  from: (ScoredSummary | null | number)[];
}

export function planSignInPass(deferred: DeferredSignIn[], init: ReplayWorkerInit): SignInPlan {
  const order = deferred.map((d, i) => ({ d, i, t: Number.isNaN(d.timeMs) ? Infinity : d.timeMs })).sort((a, b) => a.t - b.t || a.i - b.i);
  const counter = new MemorySignInCounter(counterOptions(init));
  const rescore: SignInBatch = { signIns: [], counts: [] };
  const from = order.map(({ d }) => {
    const counts = d.observation ? counter.observeSync(d.observation) : undefined;
    if (d.early && keepsEarly(d, counts, init)) return d.early.result;
    rescore.signIns.push(d);
    rescore.counts.push(counts);
    return rescore.signIns.length - 1;
  });
  return { rescore, from };
}

/** Scores console sign-ins with the counts planSignInPass gave them (what the in-order counter answered). */
export function scoreSignIns(batch: SignInBatch, init: ReplayWorkerInit): (ScoredSummary | null)[] {
  return batch.signIns.map((d, i) => {
    const counts = batch.counts[i];
    if (d.observation && !counts) throw new ReplayWorkerError('a sign-in the counters did not count');
    const rec: unknown = d.record !== undefined ? d.record : d.text !== undefined ? JSON.parse(d.text) : undefined;
    if (rec === undefined) throw new ReplayWorkerError('a sign-in to score again came without its record');
    return summarize(scoreEventOffline(rec, counts ? { config: init.config, signIns: answering(counts) } : { config: init.config }), d.file, init);
  });
}

/** The second pass's result (no file of its own): the sign-ins' results in time order. */
export function finishSignInPass(plan: SignInPlan, rescored: (ScoredSummary | null)[]): FileResult {
  if (rescored.length !== plan.rescore.signIns.length) throw new ReplayWorkerError('the console sign-in pass lost results');
  const res: FileResult = { id: -1, file: '(console sign-ins, in time order)', bytes: 0, rawBytes: 0, events: 0, skipped: 0, flagged: 0, alerts: 0, byRule: {}, lines: [], signInPass: true };
  for (const f of plan.from) addScored(res, typeof f === 'number' ? rescored[f] : f);
  return res;
}

/** The second pass of a replay in one thread: planSignInPass, scoreSignIns, finishSignInPass. */
export function scoreDeferredSignIns(deferred: DeferredSignIn[], init: ReplayWorkerInit): FileResult {
  const plan = planSignInPass(deferred, init);
  return finishSignInPass(plan, scoreSignIns(plan.rescore, init));
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
    const score = (rec: unknown, text?: string) => {
      if (init.deferSignIns && isConsoleLogin(rec) && (res.signIns ??= []).length < MAX_DEFERRED_SIGN_INS_PER_FILE) {
        res.signIns.push(deferSignIn(rec, text, task.file, index, init));
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
        const text = data.toString('utf8', spans[2 * i], spans[2 * i + 1]);
        const rec: unknown = JSON.parse(text);
        if (outOfRange(eventTimeOf(rec))) continue;
        score(rec, text);
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
