/**
 * Reading CloudTrail input: EventBridge envelopes, bare records, CloudTrail log files (`{"Records": [...]}`),
 * plain `.json` or gzip (`.json.gz`, detected by its magic bytes, whatever the file name), and JSON Lines.
 */
import { FileTooLargeError, gunzipBounded, maxInputBytes, readBoundedFile, tooLarge } from '../io/bounded-read';
import { parsePolicyDocument, type ParseResult } from '../policy/document';
import type { JsonObject } from './types';
import { READ_PROBLEM_KEY } from './normalize';
import { foreignDocument, foreignText, type ForeignDocument } from './kind';

/** An input file that cannot be read: names the file and the problem. */
export class InputError extends Error {
  readonly file: string;
  readonly problem: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'InputError';
    this.file = file;
    this.problem = problem;
  }
}

/**
 * A file that holds no CloudTrail event but another document the user may have meant (a policy, a snapshot file, a
 * configuration…): `score` prints the problem with the command to use; `replay` skips the file with a note.
 */
export class ForeignInputError extends InputError {
  readonly foreign: ForeignDocument;
  constructor(file: string, foreign: ForeignDocument) {
    super(file, `this is ${foreign.what}: ${foreign.hint}`);
    this.name = 'ForeignInputError';
    this.foreign = foreign;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The events a parsed JSON value holds: a CloudTrail log file's `Records`, the items of a JSON array, or the value
 * itself (an envelope, a bare record — or something unreadable, which the normaliser reports).
 */
export function recordsOf(value: unknown): unknown[] {
  const looked = lookupEventsRecords(value);
  if (looked) return looked;
  if (Array.isArray(value)) return value.flatMap((v) => (isObject(v) && Array.isArray(v.Records) ? v.Records : [v]));
  if (isObject(value) && Array.isArray(value.Records) && !('detail' in value) && !('eventName' in value)) return value.Records;
  return [value];
}

/**
 * Records held by `aws cloudtrail lookup-events` output (`{"Events": [{"EventId", "EventName", "CloudTrailEvent":
 * "<the record as a JSON string>", …}], "NextToken"?}`), or undefined when the value is not such output. A
 * CloudTrailEvent that is not a JSON object becomes a record of its own that normalisation reports (READ_PROBLEM_KEY):
 * an `unparseable-event` naming the event, and the good records are kept.
 */
function lookupEventsRecords(value: unknown): unknown[] | undefined {
  if (!isObject(value) || !Array.isArray(value.Events) || 'Records' in value || 'detail' in value || 'eventName' in value) return undefined;
  return value.Events.map((e: unknown, i: number) => {
    let problem: string;
    if (isObject(e) && typeof e.CloudTrailEvent === 'string') {
      try {
        const rec: unknown = JSON.parse(e.CloudTrailEvent);
        if (isObject(rec)) return rec;
        problem = `Events[${i}].CloudTrailEvent is not a JSON object`;
      } catch (err) {
        problem = `Events[${i}].CloudTrailEvent is not valid JSON (${shortMessage(err)})`;
      }
    } else problem = `Events[${i}] has no CloudTrailEvent string`;
    // What lookup-events says about the event outside the record, so the finding still names it.
    const meta = isObject(e) ? e : {};
    const out: Record<string, unknown> = { [READ_PROBLEM_KEY]: problem };
    if (typeof meta.EventId === 'string') out.eventID = meta.EventId;
    if (typeof meta.EventName === 'string') out.eventName = meta.EventName;
    if (typeof meta.EventSource === 'string') out.eventSource = meta.EventSource;
    const t = meta.EventTime;
    const ms = typeof t === 'number' ? t * 1000 : typeof t === 'string' ? Date.parse(t) : NaN;
    if (!Number.isNaN(ms)) out.eventTime = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (typeof meta.Username === 'string') out.userIdentity = { type: 'Unknown', userName: meta.Username };
    return out;
  });
}

const GZIP_MAGIC = [0x1f, 0x8b];

function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === GZIP_MAGIC[0] && buf[1] === GZIP_MAGIC[1];
}

/** Decodes file bytes (gzip or not) to text; throws InputError naming the file. */
export async function decodeBytes(file: string, bytes: Uint8Array, limit = maxInputBytes()): Promise<string> {
  let data = bytes;
  if (data.length > limit) throw new InputError(file, tooLarge('the file', limit).problem);
  if (isGzip(data)) {
    try {
      data = await gunzipBounded(data, limit);
    } catch (e) {
      if (e instanceof FileTooLargeError) throw new InputError(file, e.problem);
      throw new InputError(file, `gzip data is corrupt (${(e as Error).message.slice(0, 200)})`);
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new InputError(file, 'file is not UTF-8 text');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/** An error's message cut to one short line (a parser's excerpt of a hostile file must not flood the terminal). */
export function shortMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  const line = m.split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * Parses JSON text (one document, or JSON Lines) into its events; throws InputError naming the file, ForeignInputError
 * for a document that is not CloudTrail input (lib/cloudtrail/kind.ts; `shownName`: the file as the user named it).
 */
export function parseEventText(file: string, text: string, shownName?: string): unknown[] {
  if (text.trim() === '') throw new InputError(file, 'file is empty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // JSON Lines (one event per line, e.g. exports): accept when every non-blank line is JSON.
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    const yaml = foreignText(text, shownName ?? file);
    if (yaml) throw new ForeignInputError(file, yaml);
    if (lines.length > 1) {
      const out: unknown[] = [];
      for (const [i, line] of lines.entries()) {
        try {
          out.push(...recordsOf(JSON.parse(line)));
        } catch (e2) {
          throw new InputError(file, `invalid JSON on line ${i + 1}: ${shortMessage(e2)}`);
        }
      }
      return out;
    }
    throw new InputError(file, `invalid JSON: ${shortMessage(e)}`);
  }
  const foreign = foreignDocument(value, shownName ?? file);
  if (foreign) throw new ForeignInputError(file, foreign);
  return recordsOf(value);
}

/** Reads a .json / .json.gz file of events (envelope, bare record, log file, JSON array or JSON Lines). */
export async function readEventFile(path: string, limit = maxInputBytes(), shownName?: string): Promise<unknown[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readBoundedFile(path, limit);
  } catch (e) {
    if (e instanceof FileTooLargeError) throw new InputError(path, e.problem);
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT' ? 'file not found' : err.code === 'EISDIR' ? 'is a directory, not a file' : err.code === 'EACCES' ? 'permission denied' : err.message;
    throw new InputError(path, why);
  }
  return parseEventText(path, await decodeBytes(path, bytes, limit), shownName);
}

/**
 * A policy document held in an event field: a JSON string (requestParameters), a URL-encoded string
 * (responseElements) or an object. Delegates to the policy grammar's parser; never throws.
 */
export function documentField(obj: JsonObject, key: string, where = 'requestParameters'): ParseResult {
  const v = obj[key];
  if (v === undefined || v === null || v === '') return { ok: false, error: `${where}.${key} is missing` };
  const r = parsePolicyDocument(v);
  return r.ok ? r : { ok: false, error: `${where}.${key}: ${r.error}` };
}
