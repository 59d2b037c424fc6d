/** Messages between the replay coordinator and its worker threads. */
import type { Config } from '../config/types';
import type { SignInObservation, SignInWindowCounts } from '../store/sign-in-counter';

export interface ReplayTask {
  id: number;
  /** Local file to read, or the bytes of an S3 object (transferred). */
  file: string;
  bytes?: Uint8Array;
  /** The file or object could not be fetched (e.g. S3 AccessDenied): reported in the summary, never dropped. */
  error?: string;
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

/** A console sign-in record a file hands back for the in-order second pass (console-sign-in-attack counters). */
export interface DeferredSignIn {
  file: string;
  record: unknown;
  /**
   * What the counters see of it (signInObservation of the normalised record), worked out where the file was scored;
   * absent when the scorer would not consult the counters for it (no usable time, or a quiet record).
   */
  observation?: SignInObservation;
}

/**
 * Local files for a worker to take itself, one at a time, from a counter every scoring thread shares (Atomics.add on
 * `next[0]`): no thread waits for the coordinator to hand it the next file.
 */
export interface SharedQueue {
  queue: ReplayTask[];
  next: SharedArrayBuffer;
}

/** Console sign-ins in time order with the counts the counters gave each: scored anywhere, in any order. */
export interface SignInBatch {
  signIns: DeferredSignIn[];
  /** Per sign-in: its counts, or undefined when the counters were not consulted. */
  counts: (SignInWindowCounts | undefined)[];
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
