/**
 * The demo, the sweep and the report tell the same numbers (issue 23): the demo names the configuration it used and
 * prints the two commands that reproduce its score and open count; running them gives the same score and count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';

const ROOT = join(__dirname, '..', '..');
let out: string;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'iamg-demo-numbers-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function cli(args: string[]) {
  const io = memoryIo(ROOT);
  const code = await main(['node', 'iam-guardian', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

test('demo, sweep and report agree on score and open count', async () => {
  const demo = await cli(['demo', '--out', relative(ROOT, out)]);
  expect(demo.code).toBe(0);
  expect(demo.out).toMatch(/^ {2}config: samples\/history\/iam-guardian\.config\.yaml \(/m);
  const [, score, open] = /swept the sample snapshot: score ([\d.]+)\/100, (\d+) open findings?;/.exec(demo.out) ?? [];
  expect(score).toBeDefined();
  // The e-mail inside the demo says the same.
  expect(demo.out).toContain(`${score}/100`);
  expect(demo.out).toMatch(new RegExp(`IAM weekly report: ${open} open,`));

  const commands = [...demo.out.matchAll(/^ {2}npx iam-guardian (.+)$/gm)].map((m) => m[1].split(' '));
  expect(commands.map((c) => c[0])).toEqual(['sweep', 'report']);

  const sweep = await cli(commands[0]);
  expect(sweep.code).toBe(0);
  expect(sweep.out).toMatch(new RegExp(`^Posture score: ${score.replace('.', '\\.')}/100, ${open} open findings?(, \\d+ suppressed)?$`, 'm'));

  const report = await cli(commands[1]);
  expect(report.code).toBe(0);
  expect(report.out.split('\n')[0]).toMatch(new RegExp(`^Subject: .* ${score.replace('.', '\\.')}/100 .* ${open} open,`));
});
