/**
 * The replay's quiet pre-scans, the WebAssembly one (lib/replay/wasm/prescan-wasm.ts, what a replay uses) and the
 * JavaScript one (lib/replay/prescan-js.ts, where WebAssembly cannot run), each never drops a record the full path would flag, and validates a
 * file exactly as JSON.parse does. Records: every sample under events/, every rule example, the bench generator's
 * noise, and mutations of them (the fields the rules and normalisation react to), written out as hostile or odd JSON:
 * \u escapes anywhere (keys too), unicode, braces and quotes inside strings, duplicate keys (an earlier copy with
 * another value), whitespace variants; plus broken JSON (a byte cut, changed or inserted).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { ruleIndex, scoreEventFull } from '../../lib/engine/score-event';
import { EVENT_RULES } from '../../lib/rules/event';
import { prescanJs, TIMED, type PrescanResult } from '../../lib/replay/prescan';
import { prescanWasm } from '../../lib/replay/wasm/prescan-wasm';
import type { RuleIndex } from '../../lib/engine/score-event';
import { examplesOf } from '../support/rule-examples';

type Obj = Record<string, unknown>;
const NOW = '2026-11-02T10:00:00Z';
const EVENTS = join(__dirname, '..', '..', 'events');

const bare = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v) && 'detail' in v ? (v as Obj).detail : v);
const samples: unknown[] = readdirSync(EVENTS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => bare(JSON.parse(readFileSync(join(EVENTS, f), 'utf8'))));
const examples: unknown[] = EVENT_RULES.flatMap((r) => [...examplesOf(r).fail, ...examplesOf(r).pass].map((ex) => bare(ex.input)));
/** A quiet read-only call as the bench generator writes ~95 % of an archive. */
const noise: Obj = {
  eventVersion: '1.10',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE:session-1',
    arn: 'arn:aws:sts::111122223333:assumed-role/AppServerRole/session-1',
    accountId: '111122223333',
    sessionContext: { sessionIssuer: { type: 'Role', userName: 'AppServerRole' }, attributes: { creationDate: '2026-11-02T08:00:00Z', mfaAuthenticated: 'false' } },
  },
  eventTime: '2026-11-02T09:00:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'DescribeInstances',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: 'aws-cli/2.17.0',
  requestParameters: { filterSet: {}, maxResults: 100 },
  responseElements: null,
  requestID: 'r-1',
  eventID: 'e-1',
  readOnly: true,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
};
const bases: unknown[] = [...samples, ...examples, noise];

const ROUTED = [...ruleIndex(DEFAULT_CONFIG, EVENT_RULES).byName.keys()];
const value = fc.oneof(
  fc.constantFrom<unknown>(
    null, '', 'true', 'TRUE', true, false, 0, -1.5e3, [], {}, 'Root', 'IAMUser', 'AssumedRole', 'AWSService', 'unknown', 'AccessDenied',
    'Failure', 'Success', 'iam.amazonaws.com', 'signin.amazonaws.com', 'constructor', '__proto__', 'toString', 'ConsoleLogin',
    'DeleteFunction20150331', 'ListFunctions20150331', 'DescribeInstances', '111122223333', '{"a":"}"}', 'a"b\\c', 'Ro\u006ft', 'é☃😀',
    { ConsoleLogin: 'Failure' }, { type: 'Root' }, { assumedRoot: 'true' }, '@iamGuardianReadProblem',
  ),
  fc.constantFrom(...ROUTED),
  fc.anything({ maxDepth: 2 }),
);
const TOP = ['eventID', 'eventName', 'eventSource', 'eventTime', 'eventType', 'awsRegion', 'sourceIPAddress', 'userAgent', 'errorCode',
  'errorMessage', 'recipientAccountId', 'requestParameters', 'responseElements', 'additionalEventData', 'userIdentity', 'detail',
  '@iamGuardianReadProblem', 'Records'];
/**
 * Near misses of the keys the scanner reads: same length and the same bytes where it picks its candidate (length, a
 * first or middle byte), one other byte changed. Read as the real key, one could hide that key's later copy.
 */
const nearMiss = (k: string) => k.slice(0, -1) + String.fromCharCode(k.charCodeAt(k.length - 1) ^ 1);
const UI_READ = ['type', 'accountId', 'assumedRoot', 'sessionContext'];
TOP.push(...TOP.filter((k) => k !== 'Records').map(nearMiss));
const UI = ['arn', 'userName', ...UI_READ, ...UI_READ.map(nearMiss)];
type Mutation = { where: 'top' | 'ui' | 'session' | 'response'; key: string; value: unknown; remove: boolean };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ where: fc.constant('top' as const), key: fc.constantFrom(...TOP), value, remove: fc.boolean() }),
  fc.record({ where: fc.constant('ui' as const), key: fc.constantFrom(...UI), value, remove: fc.boolean() }),
  fc.record({ where: fc.constant('session' as const), key: fc.constantFrom('assumedRoot', nearMiss('assumedRoot'), 'attributes'), value, remove: fc.boolean() }),
  fc.record({ where: fc.constant('response' as const), key: fc.constantFrom('ConsoleLogin', nearMiss('ConsoleLogin'), 'x'), value, remove: fc.boolean() }),
);

function apply(rec: unknown, m: Mutation): void {
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) return;
  let t: unknown = rec;
  if (m.where === 'ui' || m.where === 'session') t = (rec as Obj).userIdentity;
  if (m.where === 'session') t = t && typeof t === 'object' ? (t as Obj).sessionContext : undefined;
  if (m.where === 'response') t = (rec as Obj).responseElements;
  if (!t || typeof t !== 'object' || Array.isArray(t)) return;
  if (m.remove) delete (t as Obj)[m.key];
  else (t as Obj)[m.key] = m.value;
}

/** How a record is written out: a stream of choices drives escapes, whitespace and duplicate keys. */
interface Style {
  next: () => number;
  /** Of 1000: how often a string is written with \u escapes (0: never; files range from plain to very hostile). */
  escapes: number;
  /** Of 1000: how often a key gets an earlier duplicate with another value. */
  duplicates: number;
}

const WS = ['', ' ', '\n', '\t', '\r\n  '];

function hostileString(s: string, st: Style): string {
  const plain = JSON.stringify(s);
  if (st.next() >= st.escapes) return plain;
  // Escape some characters as \uXXXX (a key or value that reads the same once parsed).
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x10000 && st.next() % 4 === 0) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += JSON.stringify(ch).slice(1, -1);
  }
  return out + '"';
}

function write(v: unknown, st: Style): string {
  const w = () => WS[st.next() % WS.length];
  if (v === undefined) return 'null';
  if (typeof v === 'string') return hostileString(v, st);
  if (typeof v !== 'object' || v === null) return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${w()}${v.map((x) => write(x, st)).join(`${w()},${w()}`)}${w()}]`;
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    // An earlier copy of the key with another value: JSON.parse keeps the last one.
    if (st.next() < st.duplicates) parts.push(`${hostileString(k, st)}${w()}:${w()}${write(['Root', null, { type: 'Root' }, 'x', 1][st.next() % 5], st)}`);
    parts.push(`${hostileString(k, st)}${w()}:${w()}${write(x, st)}`);
  }
  return `{${w()}${parts.join(`${w()},${w()}`)}${w()}}`;
}

function styleFrom(seed: number): Style {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % 1000;
  };
  return { next, escapes: [0, 20, 300][next() % 3], duplicates: [0, 30, 150][next() % 3] };
}

function eventTimeOf(rec: unknown): string | undefined {
  if (!rec || typeof rec !== 'object') return undefined;
  const r = rec as Obj;
  const d = r.detail && typeof r.detail === 'object' ? (r.detail as Obj) : r;
  return typeof d.eventTime === 'string' ? d.eventTime : undefined;
}

/** Checks one file text; returns how many records were quiet. */
type Scanner = (bytes: Uint8Array, idx: RuleIndex, wantTime?: boolean) => PrescanResult | undefined;
let prescan: Scanner = prescanJs;

function check(text: string, config: Config = DEFAULT_CONFIG): number {
  const buf = Buffer.from(text, 'utf8');
  const scan = prescan(buf, ruleIndex(config, EVENT_RULES));
  let parsed: unknown;
  let valid = true;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    valid = false;
  }
  if (!scan) return 0;
  // A scan result means the file is valid JSON holding exactly `Records`, one span per record.
  expect(valid).toBe(true);
  const records = (parsed as { Records: unknown[] }).Records;
  expect(Object.keys(parsed as Obj)).toEqual(['Records']);
  expect(scan.quiet.length).toBe(records.length);
  let quiet = 0;
  for (let i = 0; i < records.length; i++) {
    const own: unknown = JSON.parse(buf.toString('utf8', scan.spans[2 * i], scan.spans[2 * i + 1]));
    expect(own).toStrictEqual(records[i]);
    const q = scan.quiet[i];
    if (q === null) continue;
    quiet += 1;
    // Quiet: the full path flags nothing, and the time the scan read is the record's.
    const full = scoreEventFull(structuredClone(records[i]), { config, now: NOW });
    expect([i, full.findings.map((f) => f.ruleId)]).toEqual([i, []]);
    expect(q).toBe(eventTimeOf(records[i]));
  }
  return quiet;
}

const SCANNERS: [string, Scanner][] = [
  ['WebAssembly', (bytes, idx, wantTime = true) => prescanWasm(bytes, idx, wantTime)],
  ['JavaScript', prescanJs],
];

describe.each(SCANNERS)('replay pre-scan (%s)', (_name, scanner) => {
  beforeAll(() => {
    prescan = scanner;
  });

  it('flags no sample or rule example the full path flags, and skips the quiet ones', () => {
    const all = bases.map((r) => JSON.stringify(r));
    const quiet = check(`{"Records":[${all.join(',')}]}`);
    expect(quiet).toBeGreaterThan(0);
    // Every base record on its own, and the flagged ones are all loud.
    for (const r of bases) check(JSON.stringify({ Records: [r] }));
  });

  it('never marks quiet a record the full path flags (mutated records, hostile JSON)', () => {
    let quietSeen = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ base: fc.oneof(fc.constant<unknown>(noise), fc.constantFrom(...bases)), muts: fc.array(mutation, { maxLength: 3 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.integer(),
        fc.constantFrom('', '\ufeff', ' \n'),
        (recs, seed, lead) => {
          const st = styleFrom(seed);
          const parts = recs.map(({ base, muts }) => {
            const rec = structuredClone(base);
            for (const m of muts) apply(rec, m);
            return write(rec, st);
          });
          quietSeen += check(`${lead}{${WS[st.next() % WS.length]}"Records":[${parts.join(',')}]}`);
        },
      ),
      { numRuns: 1500 },
    );
    // Not vacuous: many generated records were quiet (and each was checked against the full path).
    expect(quietSeen).toBeGreaterThan(200);
  });

  it('returns nothing for text that is not one valid {"Records": [...]} document (the full path reads it)', () => {
    const good = JSON.stringify({ Records: [noise, noise] });
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.constantFrom('cut', 'change', 'insert'), fc.string({ minLength: 1, maxLength: 1 }), (at, how, ch) => {
        const bad = how === 'cut' ? good.slice(0, at) + good.slice(at + 1) : how === 'change' ? good.slice(0, at) + ch + good.slice(at + 1) : good.slice(0, at) + ch + good.slice(at);
        check(bad);
      }),
      { numRuns: 2000 },
    );
    const idx = ruleIndex(DEFAULT_CONFIG, EVENT_RULES);
    for (const t of ['', ' ', '{}', '[]', '{"Records":{}}', '{"Records":[],"Records":[]}', '{"Records":[]} x', '{"Records":[],"x":1}',
      `${JSON.stringify(noise)}\n${JSON.stringify(noise)}`, '{"Rec\\u006frds":[]}', '{"Records":[01]}', '{"Records":["\t"]}',
      `{"Records":[${'['.repeat(600)}${']'.repeat(600)}]}`]) {
      expect([t.slice(0, 40), prescan(Buffer.from(t), idx)]).toEqual([t.slice(0, 40), undefined]);
    }
    expect(prescan(Buffer.from('{"Records":[]}'), idx)).toEqual({ spans: [], quiet: [] });
  });

  it('finds a control character, quote, backslash or escape at any offset of a long string (runs are read in words)', () => {
    const agent = 'aws-cli/2.17.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 md/arch#x86_64';
    // Text put as is into the file's string: raw control characters and a lone quote or backslash (invalid JSON there),
    // escapes (valid: the record is loud) and other bytes (valid).
    const inserts = ['\u0000', '\u0001', '\u001f', '\t', '\n', '\u007f', '\\"', '\\\\', '\\u0041', '\\n', '"', '\\', 'é', '😀'];
    const base = JSON.stringify({ ...noise, userAgent: 'UA' });
    let quiet = 0;
    let valid = 0;
    for (const ins of inserts) {
      for (let at = 0; at <= agent.length; at++) {
        const text = `{"Records":[${base.replace('"UA"', `"${agent.slice(0, at)}${ins}${agent.slice(at)}"`)}]}`;
        quiet += check(text);
        try {
          JSON.parse(text);
          valid++;
        } catch {
          // check() saw that the scan gave up on it
        }
      }
    }
    // Every valid text is quiet (the scanner reads no escape-sensitive field here), every invalid one is left to JSON.parse.
    expect(valid).toBeGreaterThan(7 * (agent.length + 1));
    expect(quiet).toBe(valid);
  });

  it('gives the same answer wherever the bytes sit in their buffer (word reads at any alignment, bytes after the end ignored)', () => {
    const text = JSON.stringify({ Records: [noise, { ...noise, eventName: 'CreateAccessKey' }, noise] });
    const idx = ruleIndex(DEFAULT_CONFIG, EVENT_RULES);
    const want = prescan(Buffer.from(text), idx);
    expect(want?.quiet.map((q) => q !== null)).toEqual([true, false, true]);
    for (let offset = 0; offset < 8; offset++) {
      // Before and after the file's bytes: a quote, a backslash and a control byte, which must never be read.
      const backing = new Uint8Array(offset + text.length + 8).fill(0x22);
      backing.fill(0x5c, 0, offset >> 1);
      backing.fill(0x01, offset + text.length + 4);
      backing.set(Buffer.from(text), offset);
      expect(prescan(new Uint8Array(backing.buffer, offset, text.length), idx)).toEqual(want);
      // A view that ends inside the last string, the rest of the document (`"}]}`) right after it in the buffer:
      // invalid JSON, as JSON.parse of the view's text says.
      expect(text.endsWith('"}]}')).toBe(true);
      expect(prescan(new Uint8Array(backing.buffer, offset, text.length - 4), idx)).toBeUndefined();
    }
  });

  it('reads the quiet record fields exactly: duplicate keys keep the last, escapes and odd types make it loud', () => {
    const one = (rec: string) => prescan(Buffer.from(`{"Records":[${rec}]}`), ruleIndex(DEFAULT_CONFIG, EVENT_RULES))!.quiet[0];
    const q = JSON.stringify(noise).slice(1, -1);
    expect(one(`{${q}}`)).toBe('2026-11-02T09:00:00Z');
    expect(prescan(Buffer.from(`{"Records":[{${q}}]}`), ruleIndex(DEFAULT_CONFIG, EVENT_RULES), false)!.quiet[0]).toBe(TIMED);
    expect(one(`{${q},"eventName":"CreateAccessKey"}`)).toBeNull();
    expect(one(`{"eventName":"CreateAccessKey",${q}}`)).not.toBeNull();
    expect(one(`{${q},"userIdentity":{"accountId":"111122223333"}}`)).toBeNull();
    expect(one(`{${q},"userIdentity":{"type":"IAMUser","type":"Root"}}`)).toBeNull();
    // An IAM read is quiet; an IAM call a rule reads is not.
    expect(one(`{${q},"eventSource":"iam.amazonaws.com","eventName":"GetRole"}`)).not.toBeNull();
    expect(one(`{${q},"eventSource":"iam.amazonaws.com","eventName":"PutRolePolicy"}`)).toBeNull();
    expect(one(`{${q},"eventName":"Describe\\u0049nstances"}`)).toBeNull();
    expect(one(`{${q},"errorCode":null}`)).not.toBeNull();
    expect(one(`{${q},"errorCode":""}`)).toBeNull();
    expect(one(`{${q},"eventTime":""}`)).toBe('');
    expect(one(`{${q},"eventTime":5}`)).toBeUndefined();
    expect(one(`{${q},"recipientAccountId":"unknown"}`)).toBeNull();
    expect(one(`{${q},"responseElements":{"ConsoleLogin":"Success"}}`)).toBeNull();
    expect(one(`{${q},"userAgent":["x"]}`)).toBeNull();
    expect(one(`{${q},"requestParameters":"{}"}`)).toBeNull();
    expect(one(`{${q},"x":"}{\\"eventName\\":\\"CreateUser\\"}"}`)).not.toBeNull();
    // With rules disabled by configuration the routing changes, and still no flagged record is quiet.
    const custom: Config = { ...DEFAULT_CONFIG, disabledRules: ['root-activity', 'unparseable-event', 'admin-*'] };
    for (const r of bases) check(JSON.stringify({ Records: [r] }), custom);
  });
});
