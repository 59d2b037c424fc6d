/**
 * A replay with the quiet pre-scan gives exactly what the full-parse path gives: every finding line, every count of
 * the summary, the failed files and their reasons. The archive: the bench generator's records (noise with IAM,
 * sign-in and root events), a file of every sample under events/ and every rule example, files written as odd JSON
 * (escapes, duplicate keys, a BOM, whitespace), and broken ones (invalid JSON, JSON Lines, an envelope, no Records).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { generateArchive } from '../../bench/gen-archive';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { EVENT_RULES } from '../../lib/rules/event';
import { listLocalFiles } from '../../lib/replay/files';
import { runReplay } from '../../lib/replay/run';
import type { ReplaySummary } from '../../lib/replay/summary';
import { examplesOf } from '../support/rule-examples';

type Obj = Record<string, unknown>;
const EVENTS = join(__dirname, '..', '..', 'events');
const bare = (v: unknown): unknown => (v && typeof v === 'object' && 'detail' in v ? (v as Obj).detail : v);

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iam-guardian-prescan-'));
  await generateArchive(join(dir, 'gen'), 3, 7);
  const samples = readdirSync(EVENTS)
    .filter((f) => f.endsWith('.json'))
    .map((f) => bare(JSON.parse(readFileSync(join(EVENTS, f), 'utf8'))));
  const examples = EVENT_RULES.flatMap((r) => [...examplesOf(r).fail, ...examplesOf(r).pass].map((ex) => bare(ex.input)));
  writeFileSync(join(dir, 'samples.json.gz'), gzipSync(JSON.stringify({ Records: [...samples, ...examples] })));
  // Odd but valid: a BOM, spaces, an escaped key and value, a duplicate key whose last copy is what counts.
  const quiet = samples.find((s) => (s as Obj).eventName === 'DescribeInstances') as Obj;
  const odd = JSON.stringify({ Records: [quiet, quiet] }, null, 3)
    .replace('"eventName"', '"event\\u004eame"')
    .replace('"DescribeInstances"', '"Describe\\u0049nstances"')
    .replace('"userIdentity": {', '"userIdentity": {"type": "Root"}, "userIdentity": {');
  writeFileSync(join(dir, 'odd.json'), `\ufeff${odd}`);
  writeFileSync(join(dir, 'dupes.json'), `{"Records":[{${JSON.stringify(quiet).slice(1, -1)},"userIdentity":{"accountId":"111122223333"}}]}`);
  // Broken or other shapes: the full path's errors and readers, whichever way the replay runs.
  writeFileSync(join(dir, 'broken.json'), `{"Records":[${JSON.stringify(quiet)},{"eventName":tru}]}`);
  writeFileSync(join(dir, 'lines.jsonl'), samples.map((s) => JSON.stringify(s)).join('\n'));
  writeFileSync(join(dir, 'envelope.json'), readFileSync(join(EVENTS, readdirSync(EVENTS).filter((f) => f.endsWith('.json'))[0])));
  writeFileSync(join(dir, 'extra-key.json'), JSON.stringify({ Records: [quiet], Events: [] }));
  writeFileSync(join(dir, 'empty.json'), ' \n');
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function replay(fullParse: boolean, since?: string): Promise<{ lines: string[]; summary: Omit<ReplaySummary, 'seconds'> }> {
  const files = await listLocalFiles(dir);
  const lines: string[] = [];
  const summary = await runReplay({
    tasks: files.map((file, id) => ({ id, file })),
    workers: 0,
    init: { config: DEFAULT_CONFIG, collectLines: true, fullParse, since },
    onResult: (r) => lines.push(...r.lines),
  });
  const { seconds: _seconds, ...rest } = summary;
  return { lines, summary: rest };
}

describe('replay: pre-scan path == full-parse path', () => {
  it('gives the same findings, counts and file errors', async () => {
    const full = await replay(true);
    const fast = await replay(false);
    expect(full.summary.events).toBeGreaterThan(3000);
    expect(full.summary.flagged).toBeGreaterThan(100);
    expect(full.summary.failedFiles.map((f) => f.file.split('/').pop()).sort()).toEqual(['broken.json', 'empty.json']);
    expect(fast.summary).toStrictEqual(full.summary);
    expect(fast.lines).toStrictEqual(full.lines);
    // The odd file's escaped, duplicated copy: the full path flags it (the last userIdentity has no type), so must the fast one.
    expect(fast.lines.some((l) => l.includes('dupes.json'))).toBe(true);
  });

  it('with --since the same records are skipped and scored', async () => {
    const since = '2026-11-01T06:00:00.000Z';
    const full = await replay(true, since);
    const fast = await replay(false, since);
    expect(full.summary.skipped).toBeGreaterThan(0);
    expect(fast.summary).toStrictEqual(full.summary);
    expect(fast.lines).toStrictEqual(full.lines);
  });
});
