/**
 * `npm run bench -- --only=replayVsDuckdb`: `iam-guardian replay DIR --json` (the compiled CLI, all rules, default
 * workers) end to end, process start to exit, against the yardstick a data scientist would reach for: a DuckDB query
 * that finds only the root events in the same files (read_json of Records, unnest, filter userIdentity.type = 'Root').
 *
 * Paired runs in one process tree: each round runs both, in turn (the order alternates between rounds), each a fresh
 * child process timed from spawn to exit; figures are medians of the rounds and the ratio is the median of the
 * within-round ratios (a shared machine's speed drifts from minute to minute). On the 1 GB archive it also pairs
 * `--workers 1` against `--workers 2` for the scaling figure. Archives come from bench/gen-archive.ts (cached in the
 * temporary folder, keyed by the generator's version); the CLI is built first (`npm run build`), so dist/ matches the
 * sources.
 */
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { cachedArchive, type ArchiveInfo } from './gen-archive';

const ROOT = join(__dirname, '..');
const MB = 1024 * 1024;

/** The DuckDB side, run as `node -e` (plain JavaScript: no TypeScript loader in its start-up time). Prints one JSON line. */
const DUCKDB_QUERY = `
const { DuckDBInstance } = require(${JSON.stringify(join(ROOT, 'node_modules', '@duckdb', 'node-api'))});
(async () => {
  const glob = process.argv[1].replace(/'/g, "''") + '/**/*.json.gz';
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(
    "SELECT e.eventTime, e.eventName, e.userIdentity.arn AS arn FROM (SELECT unnest(Records) AS e FROM read_json('" + glob +
      "', maximum_object_size = 268435456)) WHERE e.userIdentity.type = 'Root'",
  );
  process.stdout.write(JSON.stringify({ rootEvents: r.getRowObjectsJson().length }) + '\\n');
})().catch((e) => { process.stderr.write(String(e && e.stack || e) + '\\n'); process.exitCode = 1; });
`;

interface Run {
  seconds: number;
  stdout: string;
}

/** Spawns a command, collects its stdout, and times it from spawn to exit. */
function timed(args: string[]): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < 4000) err += b.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) reject(new Error(`${args.slice(0, 3).join(' ')} exited ${code}: ${err.slice(0, 1000)}`));
      else resolveRun({ seconds, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

interface ReplayRun extends Run {
  findings: number;
  events: number;
}

async function replay(dir: string, workers?: number): Promise<ReplayRun> {
  const args = [join(ROOT, 'bin', 'iam-guardian.js'), 'replay', dir, '--json', ...(workers ? ['--workers', String(workers)] : [])];
  const run = await timed(args);
  const last = run.stdout.trimEnd().split('\n').pop() ?? '';
  const { summary } = JSON.parse(last) as { summary: { events: number; byRule: Record<string, Record<string, number>>; failedFiles: unknown[] } };
  if (summary.failedFiles.length) throw new Error(`replay of ${dir} failed on ${summary.failedFiles.length} file(s)`);
  let findings = 0;
  for (const bySev of Object.values(summary.byRule)) for (const n of Object.values(bySev)) findings += n;
  return { ...run, findings, events: summary.events };
}

async function duckdb(dir: string): Promise<Run & { rootEvents: number }> {
  const run = await timed(['-e', DUCKDB_QUERY, dir]);
  return { ...run, rootEvents: (JSON.parse(run.stdout.trim()) as { rootEvents: number }).rootEvents };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

export interface ReplayVsDuckdbArchive {
  archiveMb: number;
  files: number;
  records: number;
  /** Median wall seconds, process start to exit. */
  replaySeconds: number;
  duckdbSeconds: number;
  /** Median of the within-round ratios replay / DuckDB (≤ 1: replay is as fast or faster). */
  ratio: number;
  /** Every round's ratio, in order (the spread shows how noisy the machine was). */
  ratios: number[];
  rounds: number;
  findings: number;
  rootEvents: number;
}

export interface ReplayVsDuckdb {
  /** What was compared. */
  replay: string;
  duckdb: string;
  cores: number;
  archive100: ReplayVsDuckdbArchive;
  /** null in quick mode. */
  archive1024: ReplayVsDuckdbArchive | null;
  /** 1 GB archive: `--workers 1` seconds / `--workers 2` seconds, median of within-round ratios; null in quick mode. */
  scaling1024: { oneWorkerSeconds: number; twoWorkerSeconds: number; speedup: number; speedups: number[]; rounds: number } | null;
}

async function pairVsDuckdb(info: ArchiveInfo, rounds: number, log: (s: string) => void): Promise<ReplayVsDuckdbArchive> {
  const r: ReplayRun[] = [];
  const d: (Run & { rootEvents: number })[] = [];
  // One warm-up pair (page cache, DuckDB's extension load), not counted.
  await replay(info.dir);
  await duckdb(info.dir);
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      r.push(await replay(info.dir));
      d.push(await duckdb(info.dir));
    } else {
      d.push(await duckdb(info.dir));
      r.push(await replay(info.dir));
    }
    log(`replayVsDuckdb ${Math.round(info.rawBytes / MB)} MB round ${i + 1}/${rounds}: replay ${r[i].seconds.toFixed(2)} s, DuckDB ${d[i].seconds.toFixed(2)} s`);
  }
  const findings = new Set(r.map((x) => x.findings));
  if (findings.size !== 1) throw new Error(`replayVsDuckdb: finding counts differ between runs (${[...findings].join(', ')})`);
  const ratios = r.map((x, i) => round(x.seconds / d[i].seconds));
  return {
    archiveMb: Math.round(info.rawBytes / MB),
    files: info.files.length,
    records: info.records,
    replaySeconds: round(median(r.map((x) => x.seconds))),
    duckdbSeconds: round(median(d.map((x) => x.seconds))),
    ratio: round(median(ratios)),
    ratios,
    rounds,
    findings: r[0].findings,
    rootEvents: d[0].rootEvents,
  };
}

export async function runReplayVsDuckdbBench(opts: { quick: boolean; log?: (s: string) => void }): Promise<ReplayVsDuckdb> {
  const log = opts.log ?? (() => undefined);
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}`);
  const rounds = 5;
  const small = await cachedArchive(100);
  log(`replayVsDuckdb: ${small.dir}: ${small.files.length} files, ${Math.round(small.rawBytes / MB)} MB, ${small.records} records`);
  const archive100 = await pairVsDuckdb(small, rounds, log);
  let archive1024: ReplayVsDuckdbArchive | null = null;
  let scaling1024: ReplayVsDuckdb['scaling1024'] = null;
  if (!opts.quick) {
    const big = await cachedArchive(1024);
    log(`replayVsDuckdb: ${big.dir}: ${big.files.length} files, ${Math.round(big.rawBytes / MB)} MB, ${big.records} records`);
    archive1024 = await pairVsDuckdb(big, rounds, log);
    const one: number[] = [];
    const two: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const a = i % 2 === 0 ? await replay(big.dir, 1) : undefined;
      const b = await replay(big.dir, 2);
      const c = a ?? (await replay(big.dir, 1));
      one.push(c.seconds);
      two.push(b.seconds);
      log(`replayVsDuckdb 1 GB scaling round ${i + 1}/${rounds}: 1 worker ${c.seconds.toFixed(2)} s, 2 workers ${b.seconds.toFixed(2)} s`);
    }
    const speedups = one.map((s, i) => round(s / two[i]));
    scaling1024 = { oneWorkerSeconds: round(median(one)), twoWorkerSeconds: round(median(two)), speedup: round(median(speedups)), speedups, rounds };
  }
  const result: ReplayVsDuckdb = {
    replay: 'node bin/iam-guardian.js replay DIR --json (compiled CLI, all rules, default workers), process start to exit',
    duckdb: "@duckdb/node-api: SELECT … FROM (SELECT unnest(Records) AS e FROM read_json('DIR/**/*.json.gz')) WHERE e.userIdentity.type = 'Root', process start to exit",
    cores: availableParallelism(),
    archive100,
    archive1024,
    scaling1024,
  };
  log(`replayVsDuckdb: ${JSON.stringify(result)}`);
  return result;
}
