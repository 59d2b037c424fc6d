/**
 * CLI start-up: whole-process wall time of the compiled CLI (`node bin/iam-guardian.js …`) against `node -e 0`, run
 * in turn (A B A B …) and compared pair by pair, so the ratio holds when the machine's speed drifts; the median ratio
 * is the figure. Also the same commands run from the TypeScript sources through tsx (`node bin/run-ts.js
 * lib/cli/main.ts …`, how the CLI ran before it was compiled), fewer pairs. dist/ is rebuilt first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

export interface CliCommandBench {
  command: string;
  /** Median wall time of the command, ms. */
  medianMs: number;
  /** Median of the pairwise ratios command / `node -e 0`, with the smallest and largest. */
  ratio: number;
  ratioMin: number;
  ratioMax: number;
  /** The target for `ratio`. */
  target: number;
  /** Median pairwise ratio of the same command run from the sources through tsx. */
  sourcesRatio: number;
}

export interface CliBench {
  baseline: string;
  baselineMs: number;
  pairs: number;
  sourcesPairs: number;
  commands: CliCommandBench[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function wallMs(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
  return ms;
}

/** `pairs` runs of A and of B in turn, after one warm-up of each; A's times and the pairwise ratios A/B. */
function paired(a: string[], b: string[], pairs: number): { a: number[]; b: number[]; ratios: number[] } {
  wallMs(a);
  wallMs(b);
  const out = { a: [] as number[], b: [] as number[], ratios: [] as number[] };
  for (let i = 0; i < pairs; i++) {
    const ta = wallMs(a);
    const tb = wallMs(b);
    out.a.push(ta);
    out.b.push(tb);
    out.ratios.push(ta / tb);
  }
  return out;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export async function runCliBench(opts: { quick: boolean; log?: (s: string) => void }): Promise<CliBench> {
  const log = opts.log ?? (() => undefined);
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { stdio: 'pipe' });
  const dir = mkdtempSync(join(tmpdir(), 'iam-guardian-bench-cli-'));
  try {
    const policy = join(dir, 'policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::app-data', 'arn:aws:s3:::app-data/*'] },
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app-*' },
        ],
      }),
    );
    const cases: { command: string; args: string[]; target: number }[] = [
      { command: 'score <one event>', args: ['score', join(ROOT, 'events', 'root-console-login-no-mfa.json')], target: 2.5 },
      { command: 'check-policy <one policy>', args: ['check-policy', policy], target: 3 },
      { command: '--help', args: ['--help'], target: 2 },
    ];
    const pairs = opts.quick ? 7 : 21;
    const sourcesPairs = opts.quick ? 2 : 5;
    const baseline = ['-e', '0'];
    const baselines: number[] = [];
    const commands: CliCommandBench[] = [];
    for (const c of cases) {
      const compiled = paired([join(ROOT, 'bin', 'iam-guardian.js'), ...c.args], baseline, pairs);
      const sources = paired([join(ROOT, 'bin', 'run-ts.js'), join(ROOT, 'lib', 'cli', 'main.ts'), ...c.args], baseline, sourcesPairs);
      baselines.push(...compiled.b);
      const r: CliCommandBench = {
        command: c.command,
        medianMs: round(median(compiled.a), 1),
        ratio: round(median(compiled.ratios)),
        ratioMin: round(Math.min(...compiled.ratios)),
        ratioMax: round(Math.max(...compiled.ratios)),
        target: c.target,
        sourcesRatio: round(median(sources.ratios)),
      };
      log(`cli: ${JSON.stringify(r)}`);
      commands.push(r);
    }
    return { baseline: 'node -e 0', baselineMs: round(median(baselines), 1), pairs, sourcesPairs, commands };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
