/**
 * Bad input at volume: every field of the sample events (events/*.json) replaced by absent, null, a wrong type, a
 * huge string, deep nesting, lone surrogates or broken URL-encoding, then scored offline. Properties: nothing
 * throws; the result is a well-formed ScoredEvent; an event the normaliser could not fully read carries the
 * `unparseable-event` finding (so an unreadable risky change still alerts); the alert text and the CLI JSON line
 * can always be produced within SNS limits.
 *
 * `fuzzEvents(n)` is used by test/fuzz/events.test.ts (a CI-sized run) and can be run at full size by a bench.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { scoreEventOffline, type ScoredEvent } from '../../lib/engine/score-event';
import { formatEventAlert, MAX_MESSAGE_BYTES } from '../../lib/alerts/format';
import { scoredEventJson } from '../../lib/cli/commands/score';
import { SEVERITIES } from '../../lib/findings/types';
import { terminalSafe } from '../../lib/cli/io';
import { scoredEventText } from '../../lib/cli/commands/score';

/** Pieces of hostile names: terminal controls, C1, bidi and invisible marks, line breaks, shell metacharacters. */
export const HOSTILE_TEXT_PIECES = ['\u001b[2J', '\u001b]0;x\u0007', '\r', '\b', '\u009b', '\u202e', '\u2066', '\u200f', '\u2028', '\n', '$(touch${IFS}x)', '`id`', ';', '|', "'", '"', '\\', '&&', '>'];
// eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
const RAW_OUTPUT_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

type Path = (string | number)[];
type Mutation = { kind: string; value?: unknown };

const EVENTS_DIR = join(__dirname, '..', '..', 'events');

export function loadSamples(): { name: string; value: unknown }[] {
  return readdirSync(EVENTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f, value: JSON.parse(readFileSync(join(EVENTS_DIR, f), 'utf8')) as unknown }));
}

/** Every path to a value inside a JSON value (the root excluded), down to maxDepth (mutations may nest deeply). */
export function pathsOf(v: unknown, prefix: Path = [], out: Path[] = [], maxDepth = 12): Path[] {
  if (prefix.length >= maxDepth) return out;
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([...prefix, i]), pathsOf(x, [...prefix, i], out, maxDepth)));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      out.push([...prefix, k]);
      pathsOf(x, [...prefix, k], out, maxDepth);
    }
  return out;
}

function deep(depth: number, leaf: unknown, asArray: boolean): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** A policy document string with long wildcard runs, deep nesting and hostile names; grants *:* when `admin`. */
export function hostilePolicyDocument(stars: number, depth: number, hostile: string, admin: boolean): string {
  let nestedValue = '"v"';
  nestedValue = `${'['.repeat(depth)}${nestedValue}${']'.repeat(depth)}`;
  const statements = [
    `{"Sid":${JSON.stringify(hostile.replace(/[^A-Za-z0-9]/g, ''))},"Effect":"Allow","Action":["iam:${'*'.repeat(stars)}x",${JSON.stringify(`s3:Get${hostile}`)}],"Resource":${JSON.stringify(`arn:aws:s3:::${hostile}/*`)},"Condition":{"StringEquals":{"aws:PrincipalTag/t":${nestedValue}}}}`,
  ];
  if (admin) statements.push('{"Effect":"Allow","Action":"*","Resource":"*"}');
  return `{"Version":"2012-10-17","Statement":[${statements.join(',')}]}`;
}

export const hostilePolicyDocumentArb = fc
  .record({
    stars: fc.integer({ min: 2, max: 20_000 }),
    depth: fc.integer({ min: 0, max: 5_000 }),
    hostile: fc.array(fc.constantFrom(...HOSTILE_TEXT_PIECES), { minLength: 1, maxLength: 4 }).map((p) => `n${p.join('')}`),
    admin: fc.boolean(),
  })
  .map(({ stars, depth, hostile, admin }) => hostilePolicyDocument(stars, depth, hostile, admin));

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'absent' }),
  fc.constant<Mutation>({ kind: 'null', value: null }),
  fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant(''), fc.array(fc.string(), { maxLength: 3 })).map((value) => ({ kind: 'wrong type', value })),
  fc.integer({ min: 50_000, max: 300_000 }).map((n) => ({ kind: 'huge string', value: 'A'.repeat(n) })),
  fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean()).map(([d, arr]) => ({ kind: 'deep nesting', value: deep(d, 'x', arr) })),
  fc.constantFrom('\ud800', 'abc\udc00def', '\udfff\ud800', 'Admin\ud83d').map((value) => ({ kind: 'lone surrogate', value })),
  fc
    .constantFrom('%7B%22Statement%', '%E0%A4%A', '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22', '%%%', '%7b%zz')
    .map((value) => ({ kind: 'broken URL-encoding', value })),
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'random JSON', value })),
  fc.string({ unit: 'binary', maxLength: 40 }).map((value) => ({ kind: 'random string', value })),
  // Output attacks: names with terminal controls, bidi marks, forged lines and shell metacharacters (issue 12).
  fc
    .array(fc.constantFrom(...HOSTILE_TEXT_PIECES), { minLength: 1, maxLength: 4 })
    .map((parts) => ({ kind: 'hostile text', value: `name${parts.join('')}` })),
  // Input attacks on the policy engine: a policy document (as CloudTrail carries it, a JSON string) with long
  // wildcard runs, a deeply nested condition and hostile names (issue 12).
  hostilePolicyDocumentArb.map((value) => ({ kind: 'hostile policy document', value })),
);

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Applies a mutation at a path; returns the new root (the root itself may be replaced). */
export function mutate(root: unknown, path: Path, m: Mutation): unknown {
  if (path.length === 0) return m.kind === 'absent' ? undefined : m.value;
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return root;
    parent = (parent as Record<string | number, unknown>)[key];
  }
  if (parent === null || typeof parent !== 'object') return root;
  const last = path[path.length - 1];
  if (m.kind === 'absent') {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete (parent as Record<string | number, unknown>)[last];
  } else (parent as Record<string | number, unknown>)[last] = m.value;
  return root;
}

export interface FuzzCase {
  sample: string;
  mutations: { path: Path; kind: string }[];
  input: unknown;
}

export function fuzzCaseArb(samples = loadSamples()): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      sample: fc.nat({ max: samples.length - 1 }),
      steps: fc.array(fc.tuple(fc.nat(), mutationArb), { minLength: 1, maxLength: 3 }),
    })
    .map(({ sample, steps }) => {
      const s = samples[sample];
      let input: unknown = clone(s.value);
      const mutations: FuzzCase['mutations'] = [];
      for (const [pick, m] of steps) {
        const paths: Path[] = [[], ...pathsOf(input)];
        // Bias towards real fields: the root is replaced only when the pick lands on it.
        const path = paths[pick % paths.length];
        input = mutate(input, path, m);
        mutations.push({ path, kind: m.kind });
      }
      return { sample: s.name, mutations, input };
    });
}

const SEVERITY_OR_NONE = new Set<string>(['none', ...SEVERITIES]);

/** Checks one scored event; throws with a description when a property does not hold. */
export function checkScored(s: ScoredEvent): void {
  const fail = (what: string) => {
    throw new Error(`${what} (event ${String(s?.eventId).slice(0, 80)})`);
  };
  if (!s || typeof s !== 'object') fail('no ScoredEvent returned');
  if (typeof s.eventId !== 'string' || s.eventId === '') fail('eventId is not a non-empty string');
  if (typeof s.eventName !== 'string') fail('eventName is not a string');
  if (!SEVERITY_OR_NONE.has(s.severity)) fail(`severity ${String(s.severity)} is not valid`);
  if (typeof s.score !== 'number' || !(s.score >= 0 && s.score <= 100)) fail(`score ${s.score} is out of 0..100`);
  if (typeof s.alert !== 'boolean') fail('alert is not a boolean');
  if (!Array.isArray(s.findings)) fail('findings is not a list');
  if (s.event.problems.length > 0 && !s.findings.some((f) => f.ruleId === 'unparseable-event'))
    fail(`unreadable event without unparseable-event: ${s.event.problems.join('; ').slice(0, 300)}`);
  if (s.findings.length > 0 && s.severity === 'none') fail('findings but severity none');
  const line = JSON.stringify(scoredEventJson(s));
  if (typeof line !== 'string' || line.includes('\n')) fail('the --json line is not one line');
  if (s.alert || s.findings.length > 0) {
    const { subject, message } = formatEventAlert(s);
    if (!/^[\x20-\x7e]{1,100}$/.test(subject)) fail(`bad SNS subject ${JSON.stringify(subject)}`);
    if (Buffer.byteLength(message, 'utf8') > MAX_MESSAGE_BYTES) fail('message over 256 KB');
    if (RAW_OUTPUT_UNSAFE.test(message.replace(/\n/g, ''))) fail('raw control or bidi character in the alert text');
  }
  for (const f of s.findings) {
    // A printed command is one line with no raw control character (shellQuote writes them as $'\xHH').
    // eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
    if (/[\u0000-\u001f\u007f-\u009f]/.test(f.fix.cli)) fail(`raw control character in the fix command ${JSON.stringify(f.fix.cli).slice(0, 200)}`);
  }
  if (RAW_OUTPUT_UNSAFE.test(terminalSafe(scoredEventText(s)).replace(/[\n\t]/g, ''))) fail('raw control or bidi character in the score text output');
}

export interface FuzzStats {
  runs: number;
  withProblems: number;
  unparseableFindings: number;
  alerts: number;
  /** Inputs whose scoring threw or broke a result invariant (counted only with `countEscapes`; else the run throws). */
  escaped: number;
  /** The first few escapes' messages. */
  escapes: string[];
  seed: number;
}

/**
 * Runs n generated, mutated events through the offline scorer. Throws (fast-check report) on the first failure, or
 * with `countEscapes` counts every failing input and goes on (the bench reports the count it measured).
 */
export function fuzzEvents(n: number, seed: number, opts: { countEscapes?: boolean } = {}): FuzzStats {
  const samples = loadSamples();
  const stats: FuzzStats = { runs: 0, withProblems: 0, unparseableFindings: 0, alerts: 0, escaped: 0, escapes: [], seed };
  fc.assert(
    fc.property(fuzzCaseArb(samples), (c) => {
      stats.runs++;
      let s: ReturnType<typeof scoreEventOffline>;
      try {
        s = scoreEventOffline(c.input, { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:00Z' });
        checkScored(s);
      } catch (e) {
        if (!opts.countEscapes) throw e;
        stats.escaped++;
        if (stats.escapes.length < 5) stats.escapes.push(e instanceof Error ? e.message.slice(0, 300) : String(e).slice(0, 300));
        return;
      }
      if (s.event.problems.length) stats.withProblems++;
      if (s.findings.some((f) => f.ruleId === 'unparseable-event')) stats.unparseableFindings++;
      if (s.alert) stats.alerts++;
    }),
    { numRuns: n, seed, endOnFailure: true },
  );
  return stats;
}
