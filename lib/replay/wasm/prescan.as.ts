/**
 * The replay's quiet pre-scan in WebAssembly (AssemblyScript source; `npm run build:wasm` compiles it into
 * prescan-wasm.ts, which test/replay/prescan-wasm-build.test.ts checks is current). It is the byte-for-byte port of
 * the JavaScript scanner in ../prescan.ts (same grammar, same fields, same verdicts), with 16-byte SIMD runs through
 * the plain bytes of strings; ../prescan.ts's header explains what the scan proves and why it is conservative.
 * test/replay/prescan-wasm.test.ts runs both scanners on the same hostile inputs (fast-check) and compares every
 * result.
 *
 * Memory. Static (zeroed, below __heap_base): the table of event names whose verdict the caller told (NAME_SLOTS
 * slots of four 32-bit numbers: hash, offset of the name's bytes, length, verdict), the names' bytes (NAME_BYTES), a
 * staging slot where the caller writes a name to add (MAX_NAME bytes), the container stack (MAX_DEPTH + 2 bytes, in a
 * 1 KiB slot) and the current record's fields. From __heap_base (nothing is allocated at run time: no `new`, so the
 * runtime's allocator never writes there; scripts/build-wasm.js refuses a module that does): the input (n bytes, then
 * 16 zero bytes: a read past the end sees 0, which no check accepts, as the JS scanner's reads past the end see
 * undefined), then the output: OUT_INTS 32-bit numbers per record (see scan()). The memory grows as needed. */

const MAX_DEPTH: i32 = 512;
const QUOTE: u32 = 0x22;
const BACKSLASH: u32 = 0x5c;
const OUT_INTS: usize = 8;

// Verdict states written for each record.
const LOUD: i32 = 0;
const QUIET_UNTIMED: i32 = 1; // eventTime absent or not a string
const QUIET_TIMED: i32 = 2; // eventTime a plain string (maybe empty)
// Or-ed in: the event name is not in the table; the caller looks it up (and may add it with addName).
const ASK: i32 = 4;

// The event-name table: the caller's verdicts (quietEventNameAllowed) by the name's bytes, so most records need no
// call out of WebAssembly. Bounded: once full, further names are asked each time.
const NAME_SLOTS: usize = 4096;
const NAME_BYTES: usize = 128 * 1024;
const MAX_NAME: usize = 256;
let names = 0;
let nameBytesUsed: usize = 0;

// Static memory (zeroed, below __heap_base): the table, the names' bytes, the staging slot and the container stack.
const TABLE: usize = memory.data(<i32>(NAME_SLOTS * 16), 16);
const NAME_AREA: usize = memory.data(<i32>NAME_BYTES, 16);
const STAGING: usize = memory.data(<i32>MAX_NAME, 16);
const STACK: usize = memory.data(1024, 16);

@inline function tableAt(): usize {
  return TABLE;
}

@inline function nameArea(): usize {
  return NAME_AREA;
}

/** Where the caller writes a name (at most MAX_NAME bytes) before addName. */
export function stagingAt(): i32 {
  return <i32>STAGING;
}

/** Forgets every name (the caller's rules changed). */
export function resetNames(): void {
  memory.fill(tableAt(), 0, NAME_SLOTS * 16);
  names = 0;
  nameBytesUsed = 0;
}

/** Adds the staged name (`len` bytes, hash `h`) with its verdict (1 quiet allowed, 0 not); false when full. */
export function addName(h: i32, len: i32, allowed: i32): bool {
  const l = <usize>len;
  if (l == 0 || l > MAX_NAME || names >= <i32>(NAME_SLOTS * 3 / 4) || nameBytesUsed + l > NAME_BYTES) return false;
  const at = nameArea() + nameBytesUsed;
  memory.copy(at, <usize>stagingAt(), l);
  let slot = <usize>(<u32>h) & (NAME_SLOTS - 1);
  for (;;) {
    const e = tableAt() + slot * 16;
    if (load<i32>(e, 8) == 0) {
      store<i32>(e, h);
      store<i32>(e, <i32>at, 4);
      store<i32>(e, len, 8);
      store<i32>(e, allowed, 12);
      break;
    }
    slot = (slot + 1) & (NAME_SLOTS - 1);
  }
  names++;
  nameBytesUsed += l;
  return true;
}

/** The table's verdict for the name at input bytes s..e with hash h: 1 allowed, 0 not, -1 not in the table. */
function lookupName(s: usize, e: usize, h: u32): i32 {
  const len = <i32>(e - s);
  let slot = <usize>h & (NAME_SLOTS - 1);
  for (;;) {
    const t = tableAt() + slot * 16;
    const l = load<i32>(t, 8);
    if (l == 0) return -1;
    if (l == len && load<u32>(t) == h && memory.compare(<usize>load<i32>(t, 4), IN + s, <usize>len) == 0) return load<i32>(t, 12);
    slot = (slot + 1) & (NAME_SLOTS - 1);
  }
  return -1; // not reached (AssemblyScript wants a return after the loop)
}

let IN: usize = 0;
let n: usize = 0;
let OUT: usize = 0;
let esc: bool = false;

@inline function at(p: usize): u32 {
  return <u32>load<u8>(IN + p);
}

/** Makes room for an input of `len` bytes and returns where to copy it (0 when memory cannot grow). */
export function inputAt(len: i32): i32 {
  // Nothing is allocated at run time (no `new`): the heap is the input and the output.
  IN = (__heap_base + 15) & ~<usize>15;
  n = <usize>len;
  OUT = (IN + n + 16 + 15) & ~<usize>15;
  // Room for the input and a first slice of output; scan() grows it further when needed.
  if (!ensure(OUT + 4096 * OUT_INTS * 4)) return 0;
  memory.fill(IN + n, 0, 16);
  return <i32>IN;
}

/** Where scan() wrote its output. */
export function outputAt(): i32 {
  return <i32>OUT;
}

function ensure(end: usize): bool {
  const have = (<usize>memory.size()) << 16;
  if (end <= have) return true;
  const pages = <i32>((end - have + 0xffff) >> 16);
  // Grow by at least a quarter of what there is: few grow calls for a large file.
  const more = max(pages, <i32>(have >> 18));
  if (memory.grow(more) >= 0) return true;
  return memory.grow(pages) >= 0;
}

@inline function ws(p: usize): usize {
  // Compact JSON (what CloudTrail writes) has none: one comparison for the common case.
  if (at(p) > 0x20) return p;
  while (p < n) {
    const c = at(p);
    if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) p++;
    else break;
  }
  return p;
}

@inline function hex(c: u32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/**
 * p at an opening quote: the index after the closing quote, or -1 (invalid); sets `esc`. Inlined where it is called
 * (measured: 0.93 x the scan's time, paired, against a call per string); the rare rest is strSlow.
 */
@inline function str(p: usize): isize {
  p++;
  // The common case first: 16 bytes at a time to the first quote, backslash or control character. The 16 zero bytes
  // after the input (control characters) stop the run at the end at the latest, so no load reaches past them and no
  // byte-by-byte tail is needed: p <= n after the loop.
  const q = i8x16.splat(<i8>QUOTE);
  const k = i8x16.splat(<i8>BACKSLASH);
  const lim = i8x16.splat(0x20);
  for (;;) {
    const v = v128.load(IN + p);
    const m = v128.or(v128.or(i8x16.eq(v, q), i8x16.eq(v, k)), i8x16.lt_u(v, lim));
    const bits = i8x16.bitmask(m);
    if (bits != 0) {
      p += <usize>ctz(bits);
      break;
    }
    p += 16;
  }
  esc = false;
  if (p < n && at(p) == QUOTE) return <isize>(p + 1);
  return strSlow(p);
}

/** str() past its first run: at a backslash, a control character or the end. */
function strSlow(p: usize): isize {
  while (p < n) {
    const c = at(p);
    if (c == QUOTE) return <isize>(p + 1);
    if (c == BACKSLASH) {
      esc = true;
      const e = at(p + 1);
      if (e == 0x75) {
        if (p + 5 >= n || !hex(at(p + 2)) || !hex(at(p + 3)) || !hex(at(p + 4)) || !hex(at(p + 5))) return -1;
        p += 6;
      } else if (e == QUOTE || e == BACKSLASH || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74) p += 2;
      else return -1;
    } else if (c < 0x20) return -1;
    else p++;
  }
  return -1;
}

@inline function digit(c: u32): bool {
  return c >= 0x30 && c <= 0x39;
}

function digits(p: usize): usize {
  while (p < n && digit(at(p))) p++;
  return p;
}

/** A JSON number at p: the index after it, or -1. */
function num(p: usize): isize {
  if (at(p) == 0x2d) p++;
  if (p >= n) return -1;
  if (at(p) == 0x30) p++;
  else if (at(p) >= 0x31 && at(p) <= 0x39) p = digits(p + 1);
  else return -1;
  if (p < n && at(p) == 0x2e) {
    const q = digits(p + 1);
    if (q == p + 1) return -1;
    p = q;
  }
  if (p < n && (at(p) == 0x65 || at(p) == 0x45)) {
    p++;
    if (p < n && (at(p) == 0x2b || at(p) == 0x2d)) p++;
    const q = digits(p);
    if (q == p) return -1;
    p = q;
  }
  return <isize>p;
}

/** Bytes at p are the ASCII `w` (within the input): the index after it, or -1. */
function word(p: usize, w: string): isize {
  const len = <usize>w.length;
  if (p + len > n) return -1;
  for (let i: usize = 0; i < len; i++) if (at(p + i) != <u32>w.charCodeAt(<i32>i)) return -1;
  return <isize>(p + len);
}

/** A scalar (string, number, true/false/null) at p: the index after it, or -1. */
function scalar(p: usize): isize {
  const c = at(p);
  if (c == QUOTE) return str(p);
  if (c == 0x74) return word(p, 'true');
  if (c == 0x66) return word(p, 'false');
  if (c == 0x6e) return word(p, 'null');
  return num(p);
}

/** Any JSON value at p (p after whitespace), validated without recursion: the index after it, or -1. */
function skipValue(p: usize): isize {
  const c = at(p);
  if (c != 0x7b && c != 0x5b) return scalar(p);
  let depth: i32 = 0;
  // stack[d]: 1 = in an object, 2 = in an array.
  for (;;) {
    const v = at(p);
    if (v == 0x7b || v == 0x5b) {
      if (depth >= MAX_DEPTH) return -1;
      depth++;
      store<u8>(STACK + <usize>depth, v == 0x7b ? 1 : 2);
      p = ws(p + 1);
      if (at(p) == (v == 0x7b ? 0x7d : 0x5d)) {
        p++;
        depth--;
      } else if (v == 0x7b) {
        if (at(p) != QUOTE) return -1;
        const r = str(p);
        if (r < 0) return -1;
        p = ws(<usize>r);
        if (at(p) != 0x3a) return -1;
        p = ws(p + 1);
        continue;
      } else continue;
    } else {
      const r = scalar(p);
      if (r < 0) return -1;
      p = <usize>r;
    }
    // After a value: close containers or move to the next member/element.
    for (;;) {
      if (depth == 0) return <isize>p;
      p = ws(p);
      const t = at(p);
      if (t == 0x2c) {
        p = ws(p + 1);
        if (load<u8>(STACK + <usize>depth) == 1) {
          if (at(p) != QUOTE) return -1;
          const r = str(p);
          if (r < 0) return -1;
          p = ws(<usize>r);
          if (at(p) != 0x3a) return -1;
          p = ws(p + 1);
        }
        break;
      }
      if (t == (load<u8>(STACK + <usize>depth) == 1 ? 0x7d : 0x5d)) {
        p++;
        depth--;
        continue;
      }
      return -1;
    }
  }
  return -1; // not reached (AssemblyScript wants a return after the loop)
}

/** Bytes s..e are exactly the ASCII `name`. */
function keyIs(s: usize, e: usize, name: string): bool {
  const len = <usize>name.length;
  if (e - s != len) return false;
  for (let i: usize = 0; i < len; i++) if (at(s + i) != <u32>name.charCodeAt(<i32>i)) return false;
  return true;
}

// Value kinds of the fields read.
const ABSENT: i32 = 0;
const STRING: i32 = 1;
const OBJECT: i32 = 2;
const ARRAY: i32 = 3;
const OTHER: i32 = 4; // number, true, false
const NULL: i32 = 5;

@inline function kindAt(p: usize): i32 {
  const c = at(p);
  return c == QUOTE ? STRING : c == 0x7b ? OBJECT : c == 0x5b ? ARRAY : c == 0x6e ? NULL : OTHER;
}

// The fields of the current record that verdict() reads: kind, span without quotes, escape flag. A later copy of a
// key overwrites the earlier one, as JSON.parse keeps the last.
const ID: i32 = 0;
const NAME: i32 = 1;
const SOURCE: i32 = 2;
const TIME: i32 = 3;
const ACCOUNT: i32 = 4;
const UI_TYPE: i32 = 5;
const UI_ACCOUNT: i32 = 6;
const FIELDS: i32 = 7;
// Four 32-bit numbers per field (kind, start, end, escaped), in static memory: nothing is allocated at run time.
const FIELD_MEM: usize = memory.data(FIELDS * 16, 16);
@inline function kindOf(field: i32): i32 {
  return load<i32>(FIELD_MEM + (<usize>field << 4));
}
@inline function startOf(field: i32): usize {
  return <usize>load<i32>(FIELD_MEM + (<usize>field << 4), 4);
}
@inline function endOf(field: i32): usize {
  return <usize>load<i32>(FIELD_MEM + (<usize>field << 4), 8);
}
@inline function escapedIn(field: i32): bool {
  return load<i32>(FIELD_MEM + (<usize>field << 4), 12) != 0;
}
@inline function setKind(field: i32, k: i32): void {
  store<i32>(FIELD_MEM + (<usize>field << 4), k);
}
let loud = false;
/** Kind of the record's userIdentity. */
let uiK: i32 = 0;

function readField(field: i32, k: i32, vp: usize): isize {
  const e = skipValue(vp);
  const f = FIELD_MEM + (<usize>field << 4);
  store<i32>(f, k);
  store<i32>(f, <i32>(vp + 1), 4);
  store<i32>(f, <i32>(e - 1), 8);
  store<i32>(f, esc ? 1 : 0, 12);
  return e;
}

// Which object `members` walks.
const IN_RECORD: i32 = 0;
const IN_USER_IDENTITY: i32 = 1;
const IN_SESSION_CONTEXT: i32 = 2;
const IN_RESPONSE: i32 = 3;

/** Walks an object at p (at `{`) one level, calling the member function of `where` for each key; the index after it, or -1. */
function members(p0: usize, where: i32): isize {
  let p = ws(p0 + 1);
  if (at(p) == 0x7d) return <isize>(p + 1);
  for (;;) {
    if (at(p) != QUOTE) return -1;
    const ke = str(p);
    if (ke < 0) return -1;
    const keyEsc = esc;
    let q = ws(<usize>ke);
    if (at(q) != 0x3a) return -1;
    q = ws(q + 1);
    let r: isize;
    if (where == IN_RECORD) r = recordMember(p + 1, <usize>ke - 1, keyEsc, q);
    else if (where == IN_USER_IDENTITY) r = userIdentityMember(p + 1, <usize>ke - 1, keyEsc, q);
    else if (where == IN_SESSION_CONTEXT) r = sessionMember(p + 1, <usize>ke - 1, keyEsc, q);
    else r = responseMember(p + 1, <usize>ke - 1, keyEsc, q);
    if (r < 0) return -1;
    q = ws(<usize>r);
    if (at(q) == 0x2c) p = ws(q + 1);
    else if (at(q) == 0x7d) return <isize>(q + 1);
    else return -1;
  }
  return -1; // not reached (AssemblyScript wants a return after the loop)
}

function sessionMember(ks: usize, ke: usize, keyEsc: bool, vp: usize): isize {
  if (keyEsc || (ke - ks == 11 && keyIs(ks, ke, 'assumedRoot'))) loud = true;
  return skipValue(vp);
}

function userIdentityMember(ks: usize, ke: usize, keyEsc: bool, vp: usize): isize {
  if (keyEsc) {
    loud = true;
    return skipValue(vp);
  }
  const k = kindAt(vp);
  switch (<i32>(ke - ks)) {
    case 4:
      if (keyIs(ks, ke, 'type')) return readField(UI_TYPE, k, vp);
      break;
    case 9:
      if (at(ks) == 0x61 && keyIs(ks, ke, 'accountId')) return readField(UI_ACCOUNT, k, vp);
      break;
    case 11:
      if (at(ks + 1) == 0x73 && keyIs(ks, ke, 'assumedRoot')) loud = true;
      break;
    case 14:
      if (k == OBJECT && keyIs(ks, ke, 'sessionContext')) return members(vp, IN_SESSION_CONTEXT);
      break;
  }
  return skipValue(vp);
}

function responseMember(ks: usize, ke: usize, keyEsc: bool, vp: usize): isize {
  if (keyEsc || (ke - ks == 12 && keyIs(ks, ke, 'ConsoleLogin'))) loud = true;
  return skipValue(vp);
}

/** Where quietScore wants an optional string: an object or list makes the record loud. */
function noObject(vp: usize): isize {
  const k = kindAt(vp);
  if (k == OBJECT || k == ARRAY) loud = true;
  return skipValue(vp);
}

/** Where quietScore wants an object or nothing: absent, null, "" or an object; anything else makes the record loud. */
function objectOrEmpty(vp: usize): isize {
  const k = kindAt(vp);
  const e = skipValue(vp);
  if (!(k == OBJECT || k == NULL || (k == STRING && e == <isize>(vp + 2)))) loud = true;
  return e;
}

function recordMember(ks: usize, ke: usize, keyEsc: bool, vp: usize): isize {
  if (keyEsc) {
    loud = true;
    return skipValue(vp);
  }
  const k = kindAt(vp);
  const len = <i32>(ke - ks);
  switch (len) {
    case 6:
      if (keyIs(ks, ke, 'detail')) loud = true;
      break;
    case 7:
      if (keyIs(ks, ke, 'eventID')) return readField(ID, k, vp);
      break;
    case 9: {
      const c0 = at(ks);
      if (c0 == 0x65) {
        const c5 = at(ks + 5);
        if (c5 == 0x4e) {
          if (keyIs(ks, ke, 'eventName')) return readField(NAME, k, vp);
        } else if (c5 == 0x54) {
          if (keyIs(ks, ke, 'eventTime')) {
            if (k == OBJECT || k == ARRAY) loud = true;
            return readField(TIME, k, vp);
          }
          if (keyIs(ks, ke, 'eventType')) return noObject(vp);
        } else if (c5 == 0x43) {
          if (keyIs(ks, ke, 'errorCode')) {
            if (k != NULL) loud = true;
            return skipValue(vp);
          }
        }
      } else if (c0 == 0x75) {
        if (keyIs(ks, ke, 'userAgent')) return noObject(vp);
      } else if (c0 == 0x61) {
        if (keyIs(ks, ke, 'awsRegion')) return noObject(vp);
      }
      break;
    }
    case 11:
      if (keyIs(ks, ke, 'eventSource')) return readField(SOURCE, k, vp);
      break;
    case 12:
      if (at(ks) == 0x75) {
        if (keyIs(ks, ke, 'userIdentity')) {
          // A later copy replaces an earlier one (JSON.parse keeps the last): its fields start over.
          uiK = k;
          setKind(UI_TYPE, ABSENT);
          setKind(UI_ACCOUNT, ABSENT);
          if (k == OBJECT) return members(vp, IN_USER_IDENTITY);
          return skipValue(vp);
        }
      } else if (at(ks + 1) == 0x72 && keyIs(ks, ke, 'errorMessage')) return noObject(vp);
      break;
    case 15:
      if (at(ks) == 0x73 && keyIs(ks, ke, 'sourceIPAddress')) return noObject(vp);
      break;
    case 16:
      if (keyIs(ks, ke, 'responseElements')) {
        const e = objectOrEmpty(vp);
        if (e >= 0 && k == OBJECT) members(vp, IN_RESPONSE);
        return e;
      }
      break;
    case 17:
      if (keyIs(ks, ke, 'requestParameters')) return objectOrEmpty(vp);
      break;
    case 18:
      if (keyIs(ks, ke, 'recipientAccountId')) {
        if (k == OBJECT || k == ARRAY) loud = true;
        return readField(ACCOUNT, k, vp);
      }
      break;
    case 19:
      if (keyIs(ks, ke, 'additionalEventData')) return objectOrEmpty(vp);
      break;
    case 23:
      // READ_PROBLEM_KEY of lib/cloudtrail/normalize.ts (test/replay/prescan-wasm.test.ts checks it is the same).
      if (keyIs(ks, ke, '@iamGuardianReadProblem')) loud = true;
      break;
  }
  return skipValue(vp);
}

@inline function plainNonEmpty(field: i32): bool {
  return kindOf(field) == STRING && !escapedIn(field) && endOf(field) > startOf(field);
}

@inline function fieldIs(field: i32, name: string): bool {
  return keyIs(startOf(field), endOf(field), name);
}

@inline function escapedString(field: i32): bool {
  return kindOf(field) == STRING && escapedIn(field);
}

/** What can be decided here of the record's verdict (the event name's rules are looked up by the caller). */
function verdict(): i32 {
  if (loud) return LOUD;
  if (!plainNonEmpty(ID) || !plainNonEmpty(NAME) || !plainNonEmpty(SOURCE)) return LOUD;
  if (uiK != OBJECT || !plainNonEmpty(UI_TYPE) || fieldIs(UI_TYPE, 'Root')) return LOUD;
  // recipientAccountId when it is a non-empty string, else userIdentity.accountId; escaped or "unknown": loud.
  if (escapedString(ACCOUNT) || escapedString(UI_ACCOUNT)) return LOUD;
  if (plainNonEmpty(ACCOUNT)) {
    if (fieldIs(ACCOUNT, 'unknown')) return LOUD;
  } else if (!plainNonEmpty(UI_ACCOUNT) || fieldIs(UI_ACCOUNT, 'unknown')) return LOUD;
  if (kindOf(TIME) == STRING) {
    if (escapedIn(TIME)) return LOUD;
    return QUIET_TIMED;
  }
  return QUIET_UNTIMED;
}

/**
 * Scans the input (a CloudTrail log file, `{"Records": [...]}`): the number of records, or -1 when the bytes are not
 * exactly one such JSON document (the caller then parses the whole text), or -2 when memory could not grow. For
 * record i, OUT_INTS numbers from outputAt() + 32 i: its start and end offsets, its state (LOUD, QUIET_UNTIMED or
 * QUIET_TIMED, or-ed with ASK when the event name is not in the table: then the name's span and the FNV-1a hash of
 * its bytes follow), and the eventTime's span (quiet records only).
 */
export function scan(): i32 {
  let p: usize = 0;
  // The byte-order mark the full path strips from the text.
  if (n >= 3 && at(0) == 0xef && at(1) == 0xbb && at(2) == 0xbf) p = 3;
  p = ws(p);
  if (at(p) != 0x7b) return -1;
  p = ws(p + 1);
  if (at(p) != QUOTE) return -1;
  const ke = str(p);
  if (ke < 0 || esc || !keyIs(p + 1, <usize>ke - 1, 'Records')) return -1;
  p = ws(<usize>ke);
  if (at(p) != 0x3a) return -1;
  p = ws(p + 1);
  if (at(p) != 0x5b) return -1;
  let count: i32 = 0;
  p = ws(p + 1);
  if (at(p) != 0x5d) {
    for (;;) {
      const o = OUT + <usize>count * OUT_INTS * 4;
      if (!ensure(o + OUT_INTS * 4)) return -2;
      const s = p;
      let r: isize;
      let state: i32 = LOUD;
      if (at(p) == 0x7b) {
        loud = false;
        uiK = ABSENT;
        for (let f = 0; f < FIELDS; f++) setKind(f, ABSENT);
        r = members(p, IN_RECORD);
        if (r >= 0) state = verdict();
      } else r = skipValue(p);
      if (r < 0) return -1;
      p = <usize>r;
      store<i32>(o, <i32>s);
      store<i32>(o, <i32>p, 4);
      if (state != LOUD) {
        const ns = startOf(NAME);
        const ne = endOf(NAME);
        let h: u32 = 0x811c9dc5;
        for (let i = ns; i < ne; i++) h = (h ^ at(i)) * 0x01000193;
        const known = lookupName(ns, ne, h);
        if (known == 0) state = LOUD;
        else {
          if (known < 0) {
            state |= ASK;
            store<i32>(o, <i32>ns, 12);
            store<i32>(o, <i32>ne, 16);
            store<i32>(o, <i32>h, 20);
          }
          store<i32>(o, <i32>startOf(TIME), 24);
          store<i32>(o, <i32>endOf(TIME), 28);
        }
      }
      store<i32>(o, state, 8);
      count++;
      p = ws(p);
      if (at(p) == 0x2c) p = ws(p + 1);
      else if (at(p) == 0x5d) break;
      else return -1;
    }
  }
  // Only `Records`: another key (even a second Records) is the full path's business.
  p = ws(p + 1);
  if (at(p) != 0x7d) return -1;
  p = ws(p + 1);
  if (p != n) return -1;
  return count;
}
