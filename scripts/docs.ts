/**
 * `npm run docs`: regenerates the documentation the product itself renders, so it cannot drift from the code.
 * - docs/inbox/*.txt: one real sample of each message a deployed iam-guardian sends (real-time alert, first nightly
 *   sweep digest, reminder, weekly report, operations), rendered by the same formatters the functions use.
 * - README.md blocks between `<!-- generated:NAME:start … -->` and `<!-- generated:NAME:end -->`: the demo, sweep and
 *   score outputs, and the resource a suppression of each real-time rule must name.
 * `npm run docs -- --check` writes nothing and exits 1 when something is stale (test/docs/generated-docs.test.ts).
 */
import { promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { main as cliMain } from '../lib/cli/main';
import { memoryIo } from '../lib/cli/io';
import { readEventFile } from '../lib/cloudtrail/input';
import { scoreEventOffline } from '../lib/engine/score-event';
import { formatEventAlert } from '../lib/alerts/format';
import { loadSnapshot } from '../lib/account/snapshot';
import { MemoryStore } from '../lib/store/memory';
import { runSweep, type SweepAlert } from '../lib/sweep/run';
import { DEFAULT_CONFIG } from '../lib/config/types';
import { buildDemo, DEMO_SNAPSHOT } from '../lib/report/demo';
import { weeklyReportEmail } from '../lib/report/email';
import { stackProblemsAlert } from '../lib/aws/stack-check';
import { EVENT_RULES } from '../lib/rules';
import { chatAlertNotification } from '../lib/chat/alert';
import { chatReportNotification } from '../lib/chat/report';
import { webhookAlertPayload, webhookOrgReportPayload, webhookReportPayload } from '../lib/chat/webhook-payload';
import { chatOrgReportNotification } from '../lib/chat/org-report';
import { buildOrgWeekly } from '../lib/report/org/weekly';
import { renderSlackMock } from '../lib/chat/preview';
import type { ChatNotification } from '../lib/chat/notification';

const ROOT = path.join(__dirname, '..');
const DAY_MS = 86_400_000;
/** The sample event of the real-time alert sample. */
export const ALERT_EVENT = 'events/attach-admin-policy-to-user.json';
/** The fixed time the samples are scored at (the alert text does not show it; firstSeen is not printed). */
const SCORED_AT = '2026-11-28T03:00:00.000Z';

export interface GeneratedFile {
  path: string;
  content: string;
}

function mail(m: { subject: string; message: string }, note: string): string {
  return `${note.trim()}\n\n---------------------------------------------------------------------\nSubject: ${m.subject}\n\n${m.message.replace(/\n*$/, '\n')}`;
}

/** The first two nightly sweeps of the sample account on a fresh stack: what they publish. */
async function nightly(root: string): Promise<{ first: SweepAlert[]; reminder: SweepAlert[]; findings: number; serious: number }> {
  const account = await loadSnapshot(path.join(root, DEMO_SNAPSHOT));
  const store = new MemoryStore();
  const first: SweepAlert[] = [];
  const r1 = await runSweep({ account, store, config: DEFAULT_CONFIG, publish: async (a) => void first.push(a) });
  const reminder: SweepAlert[] = [];
  const later = new Date(Date.parse(account.takenAt) + (DEFAULT_CONFIG.thresholds.reminderDays + 1) * DAY_MS).toISOString();
  await runSweep({ account, store, config: DEFAULT_CONFIG, now: later, publish: async (a) => void reminder.push(a) });
  return { first, reminder, findings: r1.findings.length, serious: r1.alert ? r1.newFindings.filter((f) => ['medium', 'high', 'critical'].includes(f.severity)).length : 0 };
}

/**
 * Alarm names and descriptions as serverless.yml declares them (`${self:custom.prefix}` is `iam-guardian-<stage>`);
 * an alarm under a condition (Organizations mode) is marked as such. CloudFormation's tags (!Ref …) are left unresolved.
 */
export function alarmsOf(serverlessYml: string): { name: string; description: string }[] {
  const doc = parseDocument(serverlessYml, { logLevel: 'silent' }).toJS() as {
    resources?: { Resources?: Record<string, { Type?: string; Condition?: string; Properties?: { AlarmName?: unknown; AlarmDescription?: unknown } }> };
  };
  return Object.values(doc.resources?.Resources ?? {})
    .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
    .map((r) => {
      const when = r.Condition === 'IsOrgMode' ? ' (Organizations mode only)' : r.Condition ? ` (only when ${r.Condition})` : '';
      return { name: String(r.Properties?.AlarmName).replace('${self:custom.prefix}', 'iam-guardian-prod'), description: `${String(r.Properties?.AlarmDescription)}${when}` };
    });
}

export async function inboxFiles(root = ROOT): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  const [record] = await readEventFile(path.join(root, ALERT_EVENT));
  const scored = scoreEventOffline(record, { config: DEFAULT_CONFIG, now: SCORED_AT });
  files.push({
    path: 'docs/inbox/1-real-time-alert.txt',
    content: mail(
      formatEventAlert(scored),
      `A real-time alert: one e-mail per alert-worthy CloudTrail event (default: a finding of medium or above), within
seconds to minutes of the call. This one is ${ALERT_EVENT} as the deployed change scorer formats it
(\`npx iam-guardian score --email ${ALERT_EVENT}\` prints the same).`,
    ),
  });

  const chatAlert = chatAlertNotification(scored);
  files.push({ path: 'docs/chat/1-alert.chat.json', content: `${JSON.stringify(chatAlert, null, 2)}\n` });
  files.push({ path: 'docs/chat/1-alert.webhook.json', content: `${JSON.stringify(webhookAlertPayload(scored), null, 2)}\n` });
  let chatSummary: ChatNotification | undefined;

  const n = await nightly(root);
  if (n.first.length !== 1) throw new Error(`the first sweep published ${n.first.length} e-mails, not one digest`);
  files.push({
    path: 'docs/inbox/2-nightly-first-sweep.txt',
    content: mail(
      n.first[0],
      `The first nightly sweep after deploying (03:00 UTC): every finding is new that night, and they come as ONE digest,
not one e-mail per finding. This is the sample account (${DEMO_SNAPSHOT}) with the default configuration:
${n.findings} open findings, ${n.serious} of them medium or above, listed with their fixes; lower ones are counted.
Later nights send an e-mail only when something new at or above alertThreshold appears, or a reminder is due.`,
    ),
  });
  if (n.reminder.length !== 1) throw new Error(`the reminder sweep published ${n.reminder.length} e-mails`);
  files.push({
    path: 'docs/inbox/3-nightly-reminder.txt',
    content: mail(
      n.reminder[0],
      `A reminder: serious findings (at or above alertThreshold) still open more than thresholds.reminderDays (default 7)
after they were first seen, at most once per that interval. Same sample account, ${DEFAULT_CONFIG.thresholds.reminderDays + 1} days after the first sweep, nothing fixed.`,
    ),
  });

  const historyDir = await fs.mkdtemp(path.join(tmpdir(), 'iam-guardian-docs-'));
  try {
    const demo = await buildDemo({ root, historyDir });
    const bucket = 'iam-guardian-prod-reportbucket-1a2b3c4d5e6f';
    const key = `reports/${demo.report.account}/${demo.account.takenAt.slice(0, 10)}.html`;
    const htmlUrl = `https://${bucket}.s3.us-east-1.amazonaws.com/${key}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=604800&X-Amz-Signature=…`;
    files.push({
      path: 'docs/inbox/4-weekly-report.txt',
      content: mail(
        weeklyReportEmail(demo.report, { htmlUrl, bucket, key }),
        `The weekly report (Monday 07:00 UTC): score, trend, new and fixed findings, top fixes, the week's alerts, the
checklist, and a link to the full HTML report archived in the stack's S3 bucket. The link is signed by the report
function's temporary credentials: open it the same day; once those credentials expire (hours, not the 7 days the link
asks for) it fails with ExpiredToken, and the \`aws s3 cp\` line at the end fetches the same file. This is the demo's
report of the sample account (\`npm start\`); the link here is shortened.`,
      ),
    });
    chatSummary = chatReportNotification(demo.report, { htmlUrl, bucket, key });
    files.push({ path: 'docs/chat/2-weekly-summary.chat.json', content: `${JSON.stringify(chatSummary, null, 2)}\n` });
    files.push({ path: 'docs/chat/2-weekly-summary.webhook.json', content: `${JSON.stringify(webhookReportPayload(demo.report, { htmlUrl }), null, 2)}\n` });
  } finally {
    await fs.rm(historyDir, { recursive: true, force: true });
  }

  // Organizations mode: the weekly org summary, from the two sample accounts swept a week apart and one account the
  // org sweep could not read.
  {
    const store = new MemoryStore();
    const [messy, clean] = await Promise.all(['messy', 'clean'].map((n) => loadSnapshot(path.join(root, 'samples/snapshots', n))));
    for (const [a, when] of [[messy, '2026-11-23T03:00:00.000Z'], [clean, '2026-11-23T03:00:00.000Z'], [messy, '2026-11-30T03:00:00.000Z'], [clean, '2026-11-30T03:00:00.000Z']] as const) {
      await runSweep({ account: a, store, config: DEFAULT_CONFIG, now: when });
    }
    const runId = '2026-11-30T03:00:00.000Z';
    const { report } = await buildOrgWeekly({
      store,
      records: [
        { account: messy.accountId, name: 'workloads-prod', status: 'evaluated' },
        { account: clean.accountId, name: 'security-tooling', status: 'evaluated' },
        { account: '444455556666', name: 'legacy-data', status: 'not-evaluated', reason: 'AccessDenied: cannot assume iam-guardian-audit (the member stack is not deployed there)' },
      ],
      now: '2026-11-30T07:00:00.000Z',
      config: DEFAULT_CONFIG,
      source: `org sweep run ${runId} and stored history (DynamoDB)`,
      orgId: 'o-a1b2c3d4e5',
    });
    const bucket = 'iam-guardian-prod-reportbucket-1a2b3c4d5e6f';
    const key = 'reports/org/2026-11-30/index.html';
    const htmlUrl = `https://${bucket}.s3.us-east-1.amazonaws.com/${key}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=604800&X-Amz-Signature=…`;
    files.push({ path: 'docs/chat/3-weekly-org-summary.chat.json', content: `${JSON.stringify(chatOrgReportNotification(report, { htmlUrl, bucket, key }), null, 2)}\n` });
    files.push({ path: 'docs/chat/3-weekly-org-summary.webhook.json', content: `${JSON.stringify(webhookOrgReportPayload(report, { htmlUrl }), null, 2)}\n` });
  }

  // The two chat messages as Slack shows them (a local mock; its screenshot: docs/screenshots/chat-slack-mock.png).
  files.push({
    path: 'docs/chat/slack-mock.html',
    content: renderSlackMock([
      { notification: chatAlert, time: '09:14' },
      ...(chatSummary ? [{ notification: chatSummary, time: 'Mon 07:00' }] : []),
    ]),
  });

  const account = '210987654321';
  const selfCheck = stackProblemsAlert(account, [
    { resource: 'iam-guardian-prod-iam-changes', problem: 'EventBridge rule iam-guardian-prod-iam-changes is DISABLED: its events no longer reach iam-guardian' },
    { resource: 'arn:aws:sns:us-east-1:210987654321:iam-guardian-prod-alerts', problem: 'SNS topic arn:aws:sns:us-east-1:210987654321:iam-guardian-prod-alerts has no confirmed subscription (1 pending: you@example.com)' },
  ]);
  const alarms = alarmsOf(readFileSync(path.join(root, 'serverless.yml'), 'utf8'));
  files.push({
    path: 'docs/inbox/5-operations.txt',
    content: `${mail(
      selfCheck,
      `Operations: messages about the monitor itself, not your account.

1. The nightly self-check (alerts topic): sent when the sweep finds its own stack broken (a rule disabled or
   deleted, a target removed, the subscription unconfirmed); each may be someone switching the monitor off.`,
    )}
2. CloudWatch alarms (operations topic, its own subscription e-mail): composed by CloudWatch itself, subject
   'ALARM: "<alarm name>" in US East (N. Virginia)', with the alarm's description, the state change and its reason.
   The stack's alarms, as serverless.yml declares them:
${alarms.map((a) => `   - ${a.name}: ${a.description}`).join('\n')}
`,
  });
  return files;
}

async function cliOutput(root: string, args: string[]): Promise<string> {
  const io = memoryIo(root);
  await cliMain(['node', 'iam-guardian', ...args], io);
  return io.stdout;
}

/** The README blocks, by name. */
export async function readmeBlocks(root = ROOT): Promise<Record<string, string>> {
  const demo = (await cliOutput(root, ['demo', '--out', 'out'])).split('\n');
  const head = demo.slice(0, demo.findIndex((l) => l.startsWith('====')));
  const tail = demo.slice(demo.findIndex((l) => l.startsWith('HTML report:')));
  const sweep = (await cliOutput(root, ['sweep', '--snapshot', DEMO_SNAPSHOT])).split('\n');
  // The header and the critical findings (the rest follows the same shape).
  const cut = sweep.findIndex((l) => /^HIGH \(/.test(l));
  const score = await cliOutput(root, ['score', 'events/root-console-login-no-mfa.json']);
  const resources = await eventRuleResources(root);
  return {
    'demo-output': fence(`$ npm start\n${[...head, '…', ...tail].join('\n').trimEnd()}`),
    'sweep-output': fence(`$ npx iam-guardian sweep --snapshot ${DEMO_SNAPSHOT}\n${sweep.slice(0, cut).join('\n').trimEnd()}\n…`),
    'score-output': fence(`$ npx iam-guardian score events/root-console-login-no-mfa.json\n${score.trimEnd()}`),
    'event-rule-resources': resources,
  };
}

function fence(text: string): string {
  return `\`\`\`text\n${text}\n\`\`\``;
}

/**
 * What a suppression of each real-time rule must name: the resource of its findings on the sample events (account
 * ids shown as <account>), and the rules no sample event triggers.
 */
async function eventRuleResources(root: string): Promise<string> {
  const dir = path.join(root, 'events');
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const seen = new Map<string, string>();
  for (const name of names) {
    for (const rec of await readEventFile(path.join(dir, name))) {
      for (const f of scoreEventOffline(rec, { config: DEFAULT_CONFIG, now: SCORED_AT }).findings) {
        if (!seen.has(f.ruleId)) seen.set(f.ruleId, f.resource.replace(/\b\d{12}\b/g, '<account>'));
      }
    }
  }
  const rows = EVENT_RULES.map((r) => r.id)
    .sort()
    .map((id) => `| \`${id}\` | ${seen.has(id) ? `\`${seen.get(id)}\`` : '(no sample event: run `score` on the event and copy its `resource:` line)'} |`);
  return ['| Rule id | Example resource of its findings (from the sample events) |', '|---|---|', ...rows].join('\n');
}

const BLOCK = /<!-- generated:([a-z-]+):start[^>]*-->\n(?:[\s\S]*?\n)?<!-- generated:\1:end -->/g;

/** README text with each generated block replaced; throws when a block is missing. */
export function applyBlocks(readme: string, blocks: Record<string, string>): string {
  const found = new Set<string>();
  const out = readme.replace(BLOCK, (_all, name: string) => {
    if (!(name in blocks)) throw new Error(`README: unknown generated block ${name}`);
    found.add(name);
    return `<!-- generated:${name}:start (npm run docs) -->\n${blocks[name]}\n<!-- generated:${name}:end -->`;
  });
  const missing = Object.keys(blocks).filter((n) => !found.has(n));
  if (missing.length) throw new Error(`README: no generated block for ${missing.join(', ')}`);
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const files = await inboxFiles();
  const readmePath = path.join(ROOT, 'README.md');
  const readme = await fs.readFile(readmePath, 'utf8');
  files.push({ path: 'README.md', content: applyBlocks(readme, await readmeBlocks()) });
  let stale = 0;
  for (const f of files) {
    const abs = path.join(ROOT, f.path);
    const current = await fs.readFile(abs, 'utf8').catch(() => undefined);
    if (current === f.content) continue;
    stale++;
    if (check) process.stderr.write(`stale: ${f.path}\n`);
    else {
      await fs.mkdir(path.dirname(abs), { recursive: true });
      await fs.writeFile(abs, f.content, 'utf8');
      process.stdout.write(`wrote ${f.path}\n`);
    }
  }
  if (check && stale) process.stderr.write('run `npm run docs` to regenerate\n');
  return check && stale ? 1 : 0;
}
