/**
 * Output into a pipe whose reader has gone (`iam-guardian score --json … | head -1`) ends quietly with status 0, like
 * other Unix tools: no EPIPE stack trace. Runs the compiled CLI (built from these sources by jest's global setup) in a
 * real shell pipeline, with output far larger than a pipe's buffer, and with a reader that exits before anything
 * is written.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'iam-guardian.js');

let dir: string;
let big: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-guardian-pipe-'));
  mkdirSync(join(dir, 'archive'));
  const record = (JSON.parse(readFileSync(join(ROOT, 'events', 'root-console-login-no-mfa.json'), 'utf8')) as { detail: Record<string, unknown> }).detail;
  // ~2 MB of --json output: the writer is still writing when `head` exits.
  const records = Array.from({ length: 3000 }, (_, i) => ({ ...record, eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));
  big = join(dir, 'archive', 'big.json');
  writeFileSync(big, JSON.stringify({ Records: records }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `node BIN <args> | <reader>` in bash; returns the CLI's exit status, its stderr and what the reader printed. */
function pipeline(args: string[], reader: string): { status: number; stderr: string; stdout: string } {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `'${process.execPath}' '${BIN}' ${quoted} 2>"$ERR" | ${reader}; echo "cli-status=\${PIPESTATUS[0]}" >&2`;
  const errFile = join(dir, `stderr-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, ERR: errFile }, timeout: 300_000 });
  const status = Number(/cli-status=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { status, stderr: readFileSync(errFile, 'utf8'), stdout: r.stdout };
}

const CASES: [string, string[]][] = [
  ['score', ['score', '--json', '__BIG__']],
  ['replay', ['replay', '--json', '--workers', '2', '__ARCHIVE__']],
  ['replay in one thread', ['replay', '--json', '--workers', '0', '__ARCHIVE__']],
  ['sweep', ['sweep', '--snapshot', join(ROOT, 'samples', 'snapshots', 'messy'), '--json']],
];

describe.each(CASES)('%s into a closed pipe', (_name, template) => {
  const args = () => template.map((a) => (a === '__BIG__' ? big : a === '__ARCHIVE__' ? join(dir, 'archive') : a));

  it('| head -1: the first line, then status 0 and nothing on stderr', () => {
    const r = pipeline(args(), 'head -1');
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error|at .*\(/);
    expect(r.status).toBe(0);
  });

  it('| true (the reader is gone before the first write): status 0, nothing on stderr', () => {
    const r = pipeline(args(), 'true');
    expect(r.stderr).not.toMatch(/EPIPE|Error|at .*\(/);
    expect(r.status).toBe(0);
  });
});
