/**
 * `iam-guardian rightsize`: --principal and --all on the sample snapshot with a generated archive, usage errors, and
 * hostile names and event fields escaped in terminal output.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';
import { loadSnapshot } from '../../lib/account/snapshot';
import { writeUsageArchive } from '../../bench/gen-usage-archive';
import { parseSince } from '../../lib/cli/commands/rightsize';
import { proposalText, tableText } from '../../lib/rightsize/render';
import { propose } from '../../lib/rightsize/propose';
import { UsageCollector } from '../../lib/rightsize/usage';
import { usageTable } from '../../lib/rightsize/table';
import { parsePolicyDocument } from '../../lib/policy/document';

const ROOT = join(__dirname, '..', '..');
const SNAP = join(ROOT, 'samples', 'snapshots', 'messy');
const ANN = 'arn:aws:iam::210987654321:user/ann-datascience';

let dir: string;
let archive: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iamg-rightsize-cli-'));
  archive = join(dir, 'trail');
  await writeUsageArchive(await loadSnapshot(SNAP), archive, { days: 30, seed: 3 });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const io = memoryIo(dir);
  const code = await main(['node', 'iam-guardian', 'rightsize', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('rightsize --principal', () => {
  it('--json: a validated proposal with what would be removed', async () => {
    const r = await run('--principal', ANN, '--snapshot', SNAP, '--archive', archive, '--since', 'all', '--json');
    expect([r.code, r.err]).toEqual([0, '']);
    const j = JSON.parse(r.out) as Record<string, unknown> & { policy: unknown; validation: unknown; wouldBeRemoved: { actions: number }; grantedActions: number; proposedActions: number };
    expect(j.principal).toBe(ANN);
    expect(j.validation).toEqual({ notBroader: true, allowsEveryUse: true, problems: [] });
    expect(parsePolicyDocument(j.policy).ok).toBe(true);
    expect(j.wouldBeRemoved.actions).toBe(j.grantedActions - j.proposedActions);
    expect(j.managementEventsOnly).toBe(false);
  });

  it('text: the policy, one line per Sid, the removals and the validation; a unique name is accepted', async () => {
    const r = await run('--principal', 'ann-datascience', '--snapshot', SNAP, '--archive', archive, '--since', 'all');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Rightsize arn:aws:iam::210987654321:user\/ann-datascience \(user\)/);
    expect(r.out).toMatch(/"Version": "2012-10-17"/);
    expect(r.out).toMatch(/\n {2}[A-Z][A-Za-z0-9]+: \d+ [a-z0-9-]+ actions? called \d+ times?/);
    expect(r.out).toMatch(/Would be removed: \d+ action\(s\) in \d+ service\(s\)/);
    expect(r.out).toMatch(/Validation \(lib\/policy\): never broader than the current policy; allows every use it kept/);
    const session = await run('--principal', 'arn:aws:sts::210987654321:assumed-role/lambda-ingest/i-0abc', '--snapshot', SNAP, '--archive', archive, '--since', 'all');
    expect(session.out).toMatch(/^Rightsize arn:aws:iam::210987654321:role\/lambda-ingest \(role\)/);
  });

  it('--since limits the window (days after the archive: nothing to read, exit 1)', async () => {
    const r = await run('--principal', ANN, '--snapshot', SNAP, '--archive', archive, '--since', '2030-01-01', '--json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no \.json or \.json\.gz CloudTrail log files found since 2030-01-01/);
    expect(parseSince('90d', Date.parse('2026-12-05T00:00:00Z'))).toBe('2026-09-06T00:00:00.000Z');
    expect(parseSince('all', 0)).toBeUndefined();
    expect(() => parseSince('soon', 0)).toThrow(/not a date/);
  });
});

describe('rightsize --all', () => {
  it('a table of granted vs used, most unused first', async () => {
    const r = await run('--all', '--snapshot', SNAP, '--archive', archive, '--since', 'all', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { principals: { principal: string; unusedActions: number; grantedActions: number; usedActions: number; awsManaged: boolean }[] };
    expect(j.principals.length).toBe(19); // the sample account's 5 users and 14 roles
    const own = j.principals.filter((p) => !p.awsManaged);
    const unused = own.map((p) => p.unusedActions);
    expect(unused).toEqual([...unused].sort((a, b) => b - a));
    expect(j.principals.slice(-2).map((p) => p.awsManaged)).toEqual([true, true]); // SSO and service-linked roles last
    for (const p of j.principals) expect(p.unusedActions).toBe(p.grantedActions - p.usedActions);
    const text = await run('--all', '--snapshot', SNAP, '--archive', archive, '--since', 'all');
    expect(text.out).toMatch(/principal +services +used unused +actions +used unused +calls +last used/);
    expect(text.out).toMatch(/Next: iam-guardian rightsize --principal <ARN>/);
  });

  it('says when the archive has management events only', async () => {
    const mgmt = join(dir, 'mgmt');
    mkdirSync(mgmt, { recursive: true });
    writeFileSync(join(mgmt, 'log.json'), JSON.stringify({ Records: [{ eventTime: '2026-11-01T00:00:00Z', eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', eventType: 'AwsApiCall', managementEvent: true, userIdentity: { type: 'IAMUser', arn: ANN } }] }));
    const r = await run('--all', '--snapshot', SNAP, '--archive', mgmt, '--since', 'all');
    expect(r.out).toMatch(/management events only \(no data events in the archive\)/);
  });
});

describe('usage errors', () => {
  it.each([
    [[], /give --principal ARN or --all/],
    [['--all', '--principal', ANN, '--snapshot', SNAP, '--archive', 'x'], /give --principal ARN or --all/],
    [['--all', '--snapshot', SNAP], /give --archive DIR \| s3:\/\/bucket\/prefix, or --event-history/],
    [['--all', '--snapshot', SNAP, '--archive', 'x', '--max-resources', '0'], /--max-resources 0 is not a whole number/],
    [['--all', '--snapshot', SNAP, '--archive', 'x', '--since', 'yesterday'], /--since yesterday is not a date/],
    [['--all', '--snapshot', join(ROOT, 'no-such-snapshot'), '--archive', 'x'], /the snapshot folder does not exist/],
    [['--all', '--snapshot', SNAP, '--archive', join(ROOT, 'no-such-archive')], /no such file or folder/],
    [['--principal', 'arn:aws:iam::210987654321:user/ann-datascienc', '--snapshot', SNAP, '--archive', 'x'], /is not a user or role of account 210987654321 \(did you mean arn:aws:iam::210987654321:user\/ann-datascience\?\)/],
  ])('%j → exit 1', async (args, message) => {
    const r = await run(...(args as string[]));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('an unreadable file is listed, the others are read', async () => {
    const bad = join(dir, 'bad');
    cpSync(archive, bad, { recursive: true });
    writeFileSync(join(bad, 'broken.json'), '{"Records": [');
    const r = await run('--principal', ANN, '--snapshot', SNAP, '--archive', bad, '--since', 'all');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/not read: .*broken\.json: invalid JSON/);
    expect(r.err).toMatch(/1 file\(s\) or page\(s\) could not be read; the usage is incomplete/);
  });
});

describe('hostile names', () => {
  it('names, event sources and event names from files are escaped in terminal output', async () => {
    const evil = join(dir, 'evil');
    mkdirSync(join(evil, 'snap'), { recursive: true });
    cpSync(SNAP, join(evil, 'snap'), { recursive: true });
    const details = JSON.parse(readFileSync(join(SNAP, 'authorization-details.json'), 'utf8')) as { UserDetailList: Record<string, unknown>[] };
    const hostileArn = 'arn:aws:iam::210987654321:user/evil\u001b[2J\nFAKE LINE\u202e';
    details.UserDetailList.push({ ...details.UserDetailList[0], UserName: 'evil\u001b[2J\nFAKE LINE\u202e', Arn: hostileArn, UserId: 'AIDAEVIL' });
    writeFileSync(join(evil, 'snap', 'authorization-details.json'), JSON.stringify(details));
    const rec = { eventTime: '2026-11-01T00:00:00Z', eventSource: 'x\u001b]0;pwned\u0007.amazonaws.com', eventName: 'Do\nFORGED', eventType: 'AwsApiCall', userIdentity: { type: 'IAMUser', arn: ANN } };
    writeFileSync(join(evil, 'log.json'), JSON.stringify({ Records: [rec] }));
    const r = await run('--all', '--snapshot', join(evil, 'snap'), '--archive', join(evil, 'log.json'), '--since', 'all');
    expect(r.code).toBe(0);
    // The pure renderers escape on their own (the CLI's output filter is a second line of defence).
    const account = await loadSnapshot(join(evil, 'snap'));
    const { currentPolicies } = await import('../../lib/rightsize/current');
    const c = new UsageCollector();
    c.add(rec);
    const text = tableText(usageTable(currentPolicies(account), c.principals), c.summary, { source: 'x', problems: [] }, [...c.unmapped.values()]);
    const prop = proposalText(propose(currentPolicies(account).find((p) => p.arn === ANN)!, c.principals.get(ANN), { summary: c.summary, unmappedReasons: new Map([...c.unmapped.values()].map((u) => [`${u.eventSource}|${u.eventName}`, u.reason])) }), c.summary, { source: 'x\u001b[1m', problems: [] });
    for (const out of [r.out, text, prop]) {
      // eslint-disable-next-line no-control-regex
      expect(out).not.toMatch(/[\u001b\u0007\u202e]/);
      expect(out.split('\n').some((l) => l.startsWith('FAKE LINE') || l.startsWith('FORGED'))).toBe(false);
    }
    expect(text).toContain('evil\\x1b[2J\\nFAKE LINE\\u202e');
    expect(prop).toContain('Do\\nFORGED');
  });
});
