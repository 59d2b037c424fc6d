/**
 * `score` applies the `accounts:` entries of the configuration by each event's account, as the deployed scorer does
 * (functions/change-scorer.ts forAccount → lib/config/accounts.ts configForAccount): an override for one account
 * never changes how another account's events are scored.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';

const ROOT = join(__dirname, '..', '..');
const envelope = JSON.parse(readFileSync(join(ROOT, 'events/root-console-login-no-mfa.json'), 'utf8')) as {
  account: string;
  detail: { recipientAccountId: string; userIdentity: { accountId: string; arn: string } };
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-guardian-score-accounts-'));
  // The same root sign-in in two accounts: the sample's own and a member account.
  const other = structuredClone(envelope);
  other.account = '444455556666';
  other.detail.recipientAccountId = '444455556666';
  other.detail.userIdentity.accountId = '444455556666';
  other.detail.userIdentity.arn = 'arn:aws:iam::444455556666:root';
  writeFileSync(join(dir, 'home.json'), JSON.stringify(envelope));
  writeFileSync(join(dir, 'member.json'), JSON.stringify(other));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function score(config: string): Promise<{ code: number; lines: { eventName: string; findings: { ruleId: string; severity: string }[] }[]; err: string }> {
  writeFileSync(join(dir, 'config.yaml'), config);
  const io = memoryIo(dir);
  const code = await main(['node', 'iam-guardian', 'score', '--json', '--config', 'config.yaml', 'home.json', 'member.json'], io);
  return { code, lines: io.stdout.trim().split('\n').map((l) => JSON.parse(l) as never), err: io.stderr };
}

test('a rule disabled for one account id still fires for the other account', async () => {
  const r = await score("accounts:\n  - match: { accountIds: ['444455556666'] }\n    disabledRules: [root-sign-in]\n");
  expect(r.code).toBe(0);
  const [home, member] = r.lines;
  expect(home.findings.map((f) => f.ruleId)).toContain('root-sign-in');
  expect(member.findings.map((f) => f.ruleId)).not.toContain('root-sign-in');
  expect(r.err).not.toContain('match by OU');
});

test('a severity override for one account changes only that account', async () => {
  const r = await score(`accounts:\n  - match: { accountIds: ['${envelope.account}'] }\n    severityOverrides: { root-sign-in: low }\n`);
  const [home, member] = r.lines;
  expect(home.findings.find((f) => f.ruleId === 'root-sign-in')?.severity).toBe('low');
  expect(member.findings.find((f) => f.ruleId === 'root-sign-in')?.severity).toBe('critical');
});

test('entries matching by OU are not applied offline, and the user is told so once', async () => {
  const r = await score('accounts:\n  - match: { ous: [ou-ab12-5a5a5a5a] }\n    disabledRules: [root-sign-in]\n');
  for (const line of r.lines) expect(line.findings.map((f) => f.ruleId)).toContain('root-sign-in');
  expect(r.err.match(/match by OU are not applied/g)).toHaveLength(1);
});
