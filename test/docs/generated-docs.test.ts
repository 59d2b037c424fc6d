/**
 * The documentation the product renders is current: docs/inbox/* and the README's generated blocks equal what
 * `npm run docs` (scripts/docs.ts) renders now. When this fails, run `npm run docs` and commit the result.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alarmsOf, applyBlocks, inboxFiles, readmeBlocks } from '../../scripts/docs';
import { loadSnapshot } from '../../lib/account/snapshot';
import { MemoryStore } from '../../lib/store/memory';
import { runSweep, type SweepAlert } from '../../lib/sweep/run';
import { DEFAULT_CONFIG } from '../../lib/config/types';

const ROOT = join(__dirname, '..', '..');

test('docs/inbox samples are current (npm run docs)', async () => {
  const files = await inboxFiles(ROOT);
  expect(files.map((f) => f.path)).toEqual([
    'docs/inbox/1-real-time-alert.txt',
    'docs/chat/1-alert.chat.json',
    'docs/chat/1-alert.webhook.json',
    'docs/inbox/2-nightly-first-sweep.txt',
    'docs/inbox/3-nightly-reminder.txt',
    'docs/inbox/4-weekly-report.txt',
    'docs/chat/2-weekly-summary.chat.json',
    'docs/chat/2-weekly-summary.webhook.json',
    'docs/chat/3-weekly-org-summary.chat.json',
    'docs/chat/3-weekly-org-summary.webhook.json',
    'docs/chat/slack-mock.html',
    'docs/inbox/5-operations.txt',
  ]);
  for (const f of files) expect({ path: f.path, content: readFileSync(join(ROOT, f.path), 'utf8') }).toEqual(f);
}, 60_000);

test("the README's generated blocks are current (npm run docs)", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(applyBlocks(readme, await readmeBlocks(ROOT))).toBe(readme);
}, 60_000);

test('the first sweep after deploying publishes one digest, not one e-mail per finding', async () => {
  const account = await loadSnapshot(join(ROOT, 'samples', 'snapshots', 'messy'));
  const published: SweepAlert[] = [];
  const r = await runSweep({ account, store: new MemoryStore(), config: DEFAULT_CONFIG, publish: async (a) => void published.push(a) });
  expect(r.newFindings.length).toBeGreaterThan(20);
  expect(published).toHaveLength(1);
  expect(published[0].subject).toMatch(/: \d+ new IAM findings \(iam-guardian nightly sweep\)$/);
  // Every serious new finding is in that one message.
  for (const f of r.newFindings.filter((x) => ['medium', 'high', 'critical'].includes(x.severity))) expect(published[0].message).toContain(f.resource);
});

test('the operations sample lists every alarm the stack declares', () => {
  const alarms = alarmsOf(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'));
  const declared = (readFileSync(join(ROOT, 'serverless.yml'), 'utf8').match(/Type: AWS::CloudWatch::Alarm/g) ?? []).length;
  expect(alarms).toHaveLength(declared);
  const sample = readFileSync(join(ROOT, 'docs', 'inbox', '5-operations.txt'), 'utf8');
  for (const a of alarms) expect(sample).toContain(`${a.name}: ${a.description}`);
  // Whole descriptions (an apostrophe once cut one short), and the Organizations-mode ones marked.
  expect(alarms.find((a) => a.name.endsWith('-org-tamper-direct-failed-invocations'))?.description).toMatch(/member account's tamper alert .+\(Organizations mode only\)$/);
  expect(alarms.filter((a) => !a.description.endsWith('(Organizations mode only)')).map((a) => a.name.replace('iam-guardian-prod-', '')).sort()).toEqual(
    ['change-scorer-errors', 'tamper-direct-failed-invocations', 'undelivered'],
  );
});
