/**
 * The quiet pre-scan of a replay: finds the records of a CloudTrail log file (`{"Records": [...]}`) in its inflated
 * bytes, validates the whole file as JSON on the way (the same grammar as JSON.parse), and reads the few fields the
 * quiet pre-check needs from each record, so `JSON.parse` runs only on the records that can matter (about 5 % of a
 * real archive). A record is *quiet* only when its bytes show every condition of quietScore (lib/engine/score-event.ts):
 * then the full path (JSON.parse, normalise, every rule) is known to give it no finding.
 *
 * Conservative by construction: anything the scanner does not read with certainty makes the record *loud* (parsed
 * and scored as before): an escape in a key or in a value it reads, a field of the wrong type, an `assumedRoot` key,
 * a `ConsoleLogin` key in responseElements, … And a file that is not exactly one `{"Records": [...]}` object (JSON
 * Lines, an envelope, another key, a duplicate `Records`, invalid JSON, nesting deeper than MAX_DEPTH) returns
 * undefined: the caller parses the whole text as before, so its records and errors are the full path's.
 *
 * Duplicate keys: JSON.parse keeps the last; the scanner keeps the last value of each field it reads, and a problem
 * seen in any copy keeps the record loud. Bytes that are not UTF-8 decode to U+FFFD in both paths and never to an ASCII
 * character, so the ASCII structure the scanner sees is the one JSON.parse sees.
 *
 * test/replay/prescan.test.ts proves (fast-check) that no record the full path flags is ever quiet, with hostile JSON.
 */
import type { RuleIndex } from '../engine/score-event';
import { quietEventNameAllowed } from '../engine/score-event';
import { READ_PROBLEM_KEY } from '../cloudtrail/normalize';
import { asciiNameAllowed, TIMED, type PrescanResult } from './prescan-names';

/** Nesting deeper than this (inside a record) sends the whole file to the full path. */
export const MAX_DEPTH = 512;


const QUOTE = 0x22;
const BACKSLASH = 0x5c;

// Scratch state of the record being scanned (module-level: no allocation per record).
const EMPTY = new Uint8Array(0);
let b: Uint8Array = EMPTY;
let dv: DataView = new DataView(EMPTY.buffer);
let n = 0;
/** Set by str(): the last string scanned had an escape. */
let esc = false;
const stack = new Uint8Array(MAX_DEPTH + 2);

function ws(p: number): number {
  // Compact JSON (what CloudTrail writes) has none: one comparison for the common case.
  if (b[p] > 0x20) return p;
  const buf = b;
  const end = n;
  while (p < end) {
    const c = buf[p];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
    else break;
  }
  return p;
}

/** 1 for the bytes that end a run of plain string bytes: the quote, the backslash and control characters. */
const STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STOP[c] = 1;
STOP[QUOTE] = 1;
STOP[BACKSLASH] = 1;

function hex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** p at an opening quote: the index after the closing quote, or -1 (invalid); sets `esc`. */
function str(p: number): number {
  const buf = b;
  const end = n;
  p++;
  // The common case first: a run of plain bytes up to the closing quote. Four bytes at a time while none of them is a
  // quote, a backslash or a control character (exact SWAR tests: (x - 0x01010101) & ~x & 0x80808080 is non-zero iff a
  // byte of x is 0, and (w - 0x20202020) & ~w & 0x80808080 iff a byte of w is below 0x20; ToInt32 wraps like uint32),
  // then one table look-up a byte (past the end the read is undefined, whose look-up is too, so the run stops there).
  const last = end - 3;
  while (p < last) {
    const w = dv.getInt32(p, true);
    const q = w ^ 0x22222222;
    const k = w ^ 0x5c5c5c5c;
    if ((((q - 0x01010101) & ~q) | ((k - 0x01010101) & ~k) | ((w - 0x20202020) & ~w)) & 0x80808080) break;
    p += 4;
  }
  while (STOP[buf[p]] === 0) p++;
  esc = false;
  if (p < end && buf[p] === QUOTE) return p + 1;
  while (p < end) {
    const c = buf[p];
    if (c === QUOTE) return p + 1;
    if (c === BACKSLASH) {
      esc = true;
      const e = buf[p + 1];
      if (e === 0x75) {
        if (p + 5 >= end || !hex(buf[p + 2]) || !hex(buf[p + 3]) || !hex(buf[p + 4]) || !hex(buf[p + 5])) return -1;
        p += 6;
      } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) p += 2;
      else return -1;
    } else if (c < 0x20) return -1;
    else p++;
  }
  return -1;
}

function digits(p: number): number {
  while (p < n && b[p] >= 0x30 && b[p] <= 0x39) p++;
  return p;
}

/** A JSON number at p: the index after it, or -1. */
function num(p: number): number {
  if (b[p] === 0x2d) p++;
  if (p >= n) return -1;
  if (b[p] === 0x30) p++;
  else if (b[p] >= 0x31 && b[p] <= 0x39) p = digits(p + 1);
  else return -1;
  if (p < n && b[p] === 0x2e) {
    const q = digits(p + 1);
    if (q === p + 1) return -1;
    p = q;
  }
  if (p < n && (b[p] === 0x65 || b[p] === 0x45)) {
    p++;
    if (p < n && (b[p] === 0x2b || b[p] === 0x2d)) p++;
    const q = digits(p);
    if (q === p) return -1;
    p = q;
  }
  return p;
}

/** The bytes of an ASCII name (compared byte array to byte array: measured faster than charCodeAt on the name). */
function ascii(name: string): Uint8Array {
  return Uint8Array.from(name, (c) => c.charCodeAt(0));
}

/** A name the scanner compares bytes with: its bytes, and its first bytes as little-endian 32-bit words. */
interface Name {
  bytes: Uint8Array;
  words: Int32Array;
}

function nameOf(text: string): Name {
  const bytes = ascii(text);
  const words = new Int32Array(text.length >> 2);
  const v = new DataView(bytes.buffer);
  for (let i = 0; i < words.length; i++) words[i] = v.getInt32(4 * i, true);
  return { bytes, words };
}
const W_TRUE = ascii('true');
const W_FALSE = ascii('false');
const W_NULL = ascii('null');

function word(p: number, w: Uint8Array): number {
  const len = w.length;
  if (p + len > n) return -1;
  for (let i = 0; i < len; i++) if (b[p + i] !== w[i]) return -1;
  return p + len;
}

/** A scalar (string, number, true/false/null) at p: the index after it, or -1. */
function scalar(p: number): number {
  const c = b[p];
  if (c === QUOTE) return str(p);
  if (c === 0x74) return word(p, W_TRUE);
  if (c === 0x66) return word(p, W_FALSE);
  if (c === 0x6e) return word(p, W_NULL);
  return num(p);
}

/** Any JSON value at p (p after whitespace), validated without recursion: the index after it, or -1. */
function skipValue(p: number): number {
  const c = b[p];
  if (c !== 0x7b && c !== 0x5b) return scalar(p);
  let depth = 0;
  // stack[d]: 1 = in an object, 2 = in an array.
  for (;;) {
    // p at a value's first byte.
    const v = b[p];
    if (v === 0x7b || v === 0x5b) {
      if (depth >= MAX_DEPTH) return -1;
      stack[++depth] = v === 0x7b ? 1 : 2;
      p = ws(p + 1);
      if (b[p] === (v === 0x7b ? 0x7d : 0x5d)) {
        p++;
        depth--;
      } else if (v === 0x7b) {
        if (b[p] !== QUOTE) return -1;
        p = str(p);
        if (p < 0) return -1;
        p = ws(p);
        if (b[p] !== 0x3a) return -1;
        p = ws(p + 1);
        continue;
      } else continue;
    } else {
      p = scalar(p);
      if (p < 0) return -1;
    }
    // After a value: close containers or move to the next member/element.
    for (;;) {
      if (depth === 0) return p;
      p = ws(p);
      const t = b[p];
      if (t === 0x2c) {
        p = ws(p + 1);
        if (stack[depth] === 1) {
          if (b[p] !== QUOTE) return -1;
          p = str(p);
          if (p < 0) return -1;
          p = ws(p);
          if (b[p] !== 0x3a) return -1;
          p = ws(p + 1);
        }
        break;
      }
      if (t === (stack[depth] === 1 ? 0x7d : 0x5d)) {
        p++;
        depth--;
        continue;
      }
      return -1;
    }
  }
}

const K_ACCOUNT_ID = nameOf('accountId');
const K_ADDITIONAL_EVENT_DATA = nameOf('additionalEventData');
const K_ASSUMED_ROOT = nameOf('assumedRoot');
const K_AWS_REGION = nameOf('awsRegion');
const K_CONSOLE_LOGIN = nameOf('ConsoleLogin');
const K_DETAIL = nameOf('detail');
const K_ERROR_CODE = nameOf('errorCode');
const K_ERROR_MESSAGE = nameOf('errorMessage');
const K_EVENT_ID = nameOf('eventID');
const K_EVENT_NAME = nameOf('eventName');
const K_EVENT_SOURCE = nameOf('eventSource');
const K_EVENT_TIME = nameOf('eventTime');
const K_EVENT_TYPE = nameOf('eventType');
const K_RECIPIENT_ACCOUNT_ID = nameOf('recipientAccountId');
const K_RECORDS = nameOf('Records');
const K_REQUEST_PARAMETERS = nameOf('requestParameters');
const K_RESPONSE_ELEMENTS = nameOf('responseElements');
const K_ROOT = nameOf('Root');
const K_SESSION_CONTEXT = nameOf('sessionContext');
const K_SOURCE_IPADDRESS = nameOf('sourceIPAddress');
const K_TYPE = nameOf('type');
const K_UNKNOWN = nameOf('unknown');
const K_USER_AGENT = nameOf('userAgent');
const K_USER_IDENTITY = nameOf('userIdentity');
const K_READ_PROBLEM = nameOf(READ_PROBLEM_KEY);

/** Bytes s..e are exactly `name`: four bytes at a time, then the rest. */
function keyIs(s: number, e: number, name: Name): boolean {
  const bytes = name.bytes;
  const len = bytes.length;
  if (e - s !== len) return false;
  const w = name.words;
  const words = w.length;
  for (let i = 0; i < words; i++) if (dv.getInt32(s + 4 * i, true) !== w[i]) return false;
  for (let i = words * 4; i < len; i++) if (b[s + i] !== bytes[i]) return false;
  return true;
}

/** The text of bytes s..e (no escapes in them): ASCII built directly (short names), anything else decoded as UTF-8. */
function text(s: number, e: number): string {
  if (e - s <= 64) {
    let out = '';
    for (let i = s; i < e; i++) {
      const c = b[i];
      if (c >= 0x80) return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('utf8');
      out += String.fromCharCode(c);
    }
    return out;
  }
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('utf8');
}

// Value kinds of the fields read.
const ABSENT = 0;
const STRING = 1;
const OBJECT = 2;
const ARRAY = 3;
const OTHER = 4; // number, true, false
const NULL = 5;

function kindAt(p: number): number {
  const c = b[p];
  return c === QUOTE ? STRING : c === 0x7b ? OBJECT : c === 0x5b ? ARRAY : c === 0x6e ? NULL : OTHER;
}

// The fields of the current record that verdict() reads, each as four numbers in `fields`: its kind, and for a
// string its span without quotes and whether it had an escape (1). One slot per field; a later copy of a key
// overwrites the earlier one, as JSON.parse keeps the last.
const ID = 0;
const NAME = 1;
const SOURCE = 2;
const TIME = 3;
const ACCOUNT = 4;
const UI_TYPE = 5;
const UI_ACCOUNT = 6;
const FIELDS = 7;
const fields = new Int32Array(FIELDS * 4);
let loud = false;
/** Kind of the record's userIdentity. */
let uiK = 0;

/** Reads the value at vp (of kind k) into the slot of `field`: the index after it, or -1. */
function readField(field: number, k: number, vp: number): number {
  const e = skipValue(vp);
  const o = field * 4;
  fields[o] = k;
  fields[o + 1] = vp + 1;
  fields[o + 2] = e - 1;
  fields[o + 3] = esc ? 1 : 0;
  return e;
}

const kindOf = (field: number) => fields[field * 4];
const startOf = (field: number) => fields[field * 4 + 1];
const endOf = (field: number) => fields[field * 4 + 2];
const escapedIn = (field: number) => fields[field * 4 + 3] === 1;

// Which object `members` walks: it calls that object's member function (a switch: one call site per function, so
// V8 can inline them, where a callback parameter would be megamorphic).
const IN_RECORD = 0;
const IN_USER_IDENTITY = 1;
const IN_SESSION_CONTEXT = 2;
const IN_RESPONSE = 3;

/** Walks an object at p (at `{`) one level, calling the member function of `where` for each key; the index after it, or -1. */
function members(p: number, where: number): number {
  p = ws(p + 1);
  if (b[p] === 0x7d) return p + 1;
  for (;;) {
    if (b[p] !== QUOTE) return -1;
    const ke = str(p);
    if (ke < 0) return -1;
    const keyEsc = esc;
    let q = ws(ke);
    if (b[q] !== 0x3a) return -1;
    q = ws(q + 1);
    if (where === IN_RECORD) q = recordMember(p + 1, ke - 1, keyEsc, q);
    else if (where === IN_USER_IDENTITY) q = userIdentityMember(p + 1, ke - 1, keyEsc, q);
    else if (where === IN_SESSION_CONTEXT) q = sessionMember(p + 1, ke - 1, keyEsc, q);
    else q = responseMember(p + 1, ke - 1, keyEsc, q);
    if (q < 0) return -1;
    q = ws(q);
    if (b[q] === 0x2c) p = ws(q + 1);
    else if (b[q] === 0x7d) return q + 1;
    else return -1;
  }
}

function sessionMember(ks: number, ke: number, keyEsc: boolean, vp: number): number {
  if (keyEsc || (ke - ks === 11 && keyIs(ks, ke, K_ASSUMED_ROOT))) loud = true;
  return skipValue(vp);
}

function userIdentityMember(ks: number, ke: number, keyEsc: boolean, vp: number): number {
  if (keyEsc) {
    loud = true;
    return skipValue(vp);
  }
  const k = kindAt(vp);
  // Length and a byte or two pick the one candidate; keyIs then compares every byte.
  switch (ke - ks) {
    case 4:
      if (keyIs(ks, ke, K_TYPE)) return readField(UI_TYPE, k, vp);
      break;
    case 9:
      if (b[ks] === 0x61 && keyIs(ks, ke, K_ACCOUNT_ID)) return readField(UI_ACCOUNT, k, vp);
      break;
    case 11:
      if (b[ks + 1] === 0x73 && keyIs(ks, ke, K_ASSUMED_ROOT)) loud = true;
      break;
    case 14:
      if (k === OBJECT && keyIs(ks, ke, K_SESSION_CONTEXT)) return members(vp, IN_SESSION_CONTEXT);
      break;
  }
  return skipValue(vp);
}

function responseMember(ks: number, ke: number, keyEsc: boolean, vp: number): number {
  if (keyEsc || (ke - ks === 12 && keyIs(ks, ke, K_CONSOLE_LOGIN))) loud = true;
  return skipValue(vp);
}

/** Where quietScore wants an optional string: an object or list makes the record loud. */
function noObject(vp: number): number {
  const k = kindAt(vp);
  if (k === OBJECT || k === ARRAY) loud = true;
  return skipValue(vp);
}

/** Where quietScore wants an object or nothing: absent, null, "" or an object; anything else makes the record loud. */
function objectOrEmpty(vp: number): number {
  const k = kindAt(vp);
  const e = skipValue(vp);
  if (!(k === OBJECT || k === NULL || (k === STRING && e === vp + 2))) loud = true;
  return e;
}

function recordMember(ks: number, ke: number, keyEsc: boolean, vp: number): number {
  if (keyEsc) {
    loud = true;
    return skipValue(vp);
  }
  const k = kindAt(vp);
  const len = ke - ks;
  // Length and a byte or two pick the one candidate (most keys of a record have none); keyIs then compares every byte.
  switch (len) {
    case 6:
      if (keyIs(ks, ke, K_DETAIL)) loud = true;
      break;
    case 7:
      if (keyIs(ks, ke, K_EVENT_ID)) return readField(ID, k, vp);
      break;
    case 9:
      switch (b[ks]) {
        case 0x65: // e…
          switch (b[ks + 5]) {
            case 0x4e: // eventN…
              if (keyIs(ks, ke, K_EVENT_NAME)) return readField(NAME, k, vp);
              break;
            case 0x54: // eventT…
              if (keyIs(ks, ke, K_EVENT_TIME)) {
                if (k === OBJECT || k === ARRAY) loud = true;
                return readField(TIME, k, vp);
              }
              if (keyIs(ks, ke, K_EVENT_TYPE)) return noObject(vp);
              break;
            case 0x43: // errorC…
              if (keyIs(ks, ke, K_ERROR_CODE)) {
                if (k !== NULL) loud = true;
                return skipValue(vp);
              }
              break;
          }
          break;
        case 0x75: // u…
          if (keyIs(ks, ke, K_USER_AGENT)) return noObject(vp);
          break;
        case 0x61: // a…
          if (keyIs(ks, ke, K_AWS_REGION)) return noObject(vp);
          break;
      }
      break;
    case 11:
      if (keyIs(ks, ke, K_EVENT_SOURCE)) return readField(SOURCE, k, vp);
      break;
    case 12:
      if (b[ks] === 0x75) {
        if (keyIs(ks, ke, K_USER_IDENTITY)) {
          // A later copy replaces an earlier one (JSON.parse keeps the last): its fields start over.
          uiK = k;
          fields[UI_TYPE * 4] = ABSENT;
          fields[UI_ACCOUNT * 4] = ABSENT;
          if (k === OBJECT) return members(vp, IN_USER_IDENTITY);
          return skipValue(vp);
        }
      } else if (b[ks + 1] === 0x72 && keyIs(ks, ke, K_ERROR_MESSAGE)) return noObject(vp);
      break;
    case 15:
      if (b[ks] === 0x73 && keyIs(ks, ke, K_SOURCE_IPADDRESS)) return noObject(vp);
      break;
    case 16:
      if (keyIs(ks, ke, K_RESPONSE_ELEMENTS)) {
        const e = objectOrEmpty(vp);
        if (e >= 0 && k === OBJECT) members(vp, IN_RESPONSE);
        return e;
      }
      break;
    case 17:
      if (keyIs(ks, ke, K_REQUEST_PARAMETERS)) return objectOrEmpty(vp);
      break;
    case 18:
      if (keyIs(ks, ke, K_RECIPIENT_ACCOUNT_ID)) {
        if (k === OBJECT || k === ARRAY) loud = true;
        return readField(ACCOUNT, k, vp);
      }
      break;
    case 19:
      if (keyIs(ks, ke, K_ADDITIONAL_EVENT_DATA)) return objectOrEmpty(vp);
      break;
    default:
      if (len === K_READ_PROBLEM.bytes.length && keyIs(ks, ke, K_READ_PROBLEM)) loud = true;
  }
  return skipValue(vp);
}

/** quietEventNameAllowed for the event name at bytes s..e (FNV-1a hash first, then the shared cache). */
function nameAllowed(idx: RuleIndex, s: number, e: number): boolean {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c >= 0x80) return quietEventNameAllowed(idx, text(s, e));
    h = Math.imul(h ^ c, 0x01000193);
  }
  return asciiNameAllowed(idx, b, s, e, h);
}

/** The field is a non-empty string without escapes (its bytes are its text). */
function plainNonEmpty(field: number): boolean {
  return kindOf(field) === STRING && !escapedIn(field) && endOf(field) > startOf(field);
}

/** The field is a plain string whose bytes are `name`. */
function fieldIs(field: number, name: Name): boolean {
  return keyIs(startOf(field), endOf(field), name);
}

export { TIMED } from './prescan-names';

/** After a record's fields were read: its eventTime (or undefined) when quiet, null when loud. */
function verdict(idx: RuleIndex, wantTime: boolean): string | undefined | null {
  if (loud) return null;
  if (!plainNonEmpty(ID) || !plainNonEmpty(NAME) || !plainNonEmpty(SOURCE)) return null;
  if (uiK !== OBJECT || !plainNonEmpty(UI_TYPE) || fieldIs(UI_TYPE, K_ROOT)) return null;
  // recipientAccountId when it is a non-empty string, else userIdentity.accountId; escaped or "unknown": loud.
  if ((kindOf(ACCOUNT) === STRING && escapedIn(ACCOUNT)) || (kindOf(UI_ACCOUNT) === STRING && escapedIn(UI_ACCOUNT))) return null;
  if (plainNonEmpty(ACCOUNT)) {
    if (fieldIs(ACCOUNT, K_UNKNOWN)) return null;
  } else if (!plainNonEmpty(UI_ACCOUNT) || fieldIs(UI_ACCOUNT, K_UNKNOWN)) return null;
  if (!nameAllowed(idx, startOf(NAME), endOf(NAME))) return null;
  if (kindOf(TIME) === STRING) {
    if (escapedIn(TIME)) return null;
    if (endOf(TIME) === startOf(TIME)) return '';
    return wantTime ? text(startOf(TIME), endOf(TIME)) : TIMED;
  }
  return undefined;
}

/** Scans one record at p (at `{`): the index after it, or -1 (invalid JSON); `out` gets its verdict. */
function record(p: number, idx: RuleIndex, wantTime: boolean, out: (string | undefined | null)[]): number {
  loud = false;
  uiK = ABSENT;
  for (let f = 0; f < FIELDS; f++) fields[f * 4] = ABSENT;
  const e = members(p, IN_RECORD);
  if (e < 0) return -1;
  out.push(verdict(idx, wantTime));
  return e;
}

/**
 * The records of a CloudTrail log file and which are quiet, or undefined when the bytes are not exactly one
 * `{"Records": [...]}` JSON document (then the caller parses the whole text, as the full path does).
 */
export function prescanJs(bytes: Uint8Array, idx: RuleIndex, wantTime = true): PrescanResult | undefined {
  if (!idx.quietCheckOk) return undefined;
  // Always a plain Uint8Array view (never a Buffer): element reads stay monomorphic.
  b = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  n = bytes.byteLength;
  try {
    let p = 0;
    // The byte-order mark the full path strips from the text.
    if (n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) p = 3;
    p = ws(p);
    if (b[p] !== 0x7b) return undefined;
    p = ws(p + 1);
    if (b[p] !== QUOTE) return undefined;
    const ke = str(p);
    if (ke < 0 || esc || !keyIs(p + 1, ke - 1, K_RECORDS)) return undefined;
    p = ws(ke);
    if (b[p] !== 0x3a) return undefined;
    p = ws(p + 1);
    if (b[p] !== 0x5b) return undefined;
    const spans: number[] = [];
    const quiet: (string | undefined | null)[] = [];
    p = ws(p + 1);
    if (b[p] !== 0x5d) {
      for (;;) {
        const s = p;
        if (b[p] === 0x7b) p = record(p, idx, wantTime, quiet);
        else {
          p = skipValue(p);
          quiet.push(null);
        }
        if (p < 0) return undefined;
        spans.push(s, p);
        p = ws(p);
        if (b[p] === 0x2c) p = ws(p + 1);
        else if (b[p] === 0x5d) break;
        else return undefined;
      }
    }
    // Only `Records`: another key (even a second Records) is the full path's business.
    p = ws(p + 1);
    if (b[p] !== 0x7d) return undefined;
    p = ws(p + 1);
    if (p !== n) return undefined;
    return { spans, quiet };
  } finally {
    b = EMPTY;
    dv = new DataView(EMPTY.buffer);
    n = 0;
  }
}
