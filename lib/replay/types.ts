/** Messages between the replay coordinator and its worker threads. */
import type { Config } from '../config/types';
import type { SignInObservation, SignInWindowCounts } from '../store/sign-in-counter';
import type { SignInFacts } from '../rules/event/console-sign-in-attack';

export interface ReplayTask {
  id: number;
  /** Local file to read, or the bytes of an S3 object (transferred). */
  file: string;
  bytes?: Uint8Array;
  /** The file or object could not be fetched (e.g. S3 AccessDenied): reported in the summary, never dropped. */
  error?: string;
}

/** The settings of a worker thread started ahead of them (prestart.ts): its first message. */
export interface WorkerSettings {
  init: ReplayWorkerInit;
}

export interface ReplayWorkerInit {
  config: Config;
  since?: string;
  until?: string;
  /** Collect one JSON line per event with findings (for --json). */
  collectLines: boolean;
  /**
   * Hand ConsoleLogin records back instead of scoring them (runReplay sets it and scores them last, in time order,
   * with one sign-in counter). Without it a file is scored on its own, sign-ins included (no counters).
   */
  deferSignIns?: boolean;
  /**
   * Parse every record (JSON.parse of the whole file) instead of the quiet pre-scan (prescan.ts): the reference path
   * the pre-scan is tested and benchmarked against. Same findings and counts either way.
   */
  fullParse?: boolean;
}

/** The counters a file result and the whole replay share (the summary adds them up). */
export interface ReplayCounts {
  /** Bytes read (compressed size) and after gunzip. */
  bytes: number;
  rawBytes: number;
  events: number;
  /** Events outside --since/--until. */
  skipped: number;
  /** Events with at least one finding, and those that would alert. */
  flagged: number;
  alerts: number;
  /** ruleId → severity → count. */
  byRule: Record<string, Record<string, number>>;
}

/**
 * What a scored event adds to a result (null: it has no finding): its alert, its findings' rule and severity (or
 * `suppressed`) for `byRule`, and its --json line when lines are collected.
 */
export interface ScoredSummary {
  alert: boolean;
  byRule: [ruleId: string, key: string][];
  line?: string;
}

/**
 * A console sign-in a file hands back for the in-order second pass (console-sign-in-attack counters), already scored
 * where the file was with the counts it gets when nothing before it in the window failed (firstCounts). The pass
 * counts every sign-in in time order and keeps that early result when the real counts cannot change it; the others it
 * scores again, from the record.
 */
export interface DeferredSignIn {
  file: string;
  /** Epoch milliseconds of its eventTime (NaN when it has none that can be read: it sorts last). */
  timeMs: number;
  /**
   * What the counters see of it (signInObservation of the normalised record), worked out where the file was scored;
   * absent when the scorer would not consult the counters for it (no usable time, or a quiet record).
   */
  observation?: SignInObservation;
  /** The early result, and what console-sign-in-attack reads of the record besides the counts. */
  early?: { result: ScoredSummary | null; facts?: SignInFacts };
  /** The record, to score again: its JSON text (pre-scan path) or the parsed value (full path). */
  text?: string;
  record?: unknown;
}

/**
 * Local files for a worker to take itself, one at a time, from a counter every scoring thread shares (Atomics.add on
 * `next[0]`): no thread waits for the coordinator to hand it the next file.
 */
export interface SharedQueue {
  queue: ReplayTask[];
  next: SharedArrayBuffer;
}

/** Console sign-ins to score with the counts the counters gave each (scored anywhere, in any order). */
export interface SignInBatch {
  signIns: DeferredSignIn[];
  /** Per sign-in: its counts, or undefined when the counters were not consulted. */
  counts: (SignInWindowCounts | undefined)[];
}

/** A thread's answer to a SignInBatch: one summary per sign-in, in the batch's order. */
export interface SignInScores {
  signInScores: (ScoredSummary | null)[];
}

export interface FileResult extends ReplayCounts {
  id: number;
  file: string;
  lines: string[];
  error?: string;
  /** The file holds no CloudTrail event but another known document (lib/cloudtrail/kind.ts): skipped, with why. */
  ignored?: string;
  /** Records of this file without a readable eventTime (scored whatever --since/--until say). */
  untimed?: number;
  /** ConsoleLogin records of this file, counted in `events` but scored in the second pass (scoreDeferredSignIns). */
  signIns?: DeferredSignIn[];
  /** The second pass's result: no file of its own. */
  signInPass?: boolean;
}

/** A replay worker thread stopped answering, or the second pass's counts and records do not match. */
export class ReplayWorkerError extends Error {
  override name = 'ReplayWorkerError';
}
