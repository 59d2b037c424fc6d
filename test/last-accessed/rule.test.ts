/**
 * unused-permissions beyond its examples: which principals the sweep asks about (scope, priority, cap), the snapshot
 * file read from hostile or old folders, and principals that could not be evaluated: named in the sweep's
 * "not evaluated" notes and their earlier findings kept open (not resolved) until they are evaluated again.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lastAccessedScope } from '../../lib/last-accessed/scope';
import { parseLastAccessed, LIMITS } from '../../lib/last-accessed/model';
import { unusedPermissions } from '../../lib/rules/posture/unused-permissions';
import { evaluateAccount, notEvaluatedResourceKey } from '../../lib/posture/evaluate';
import { runSweep } from '../../lib/sweep/run';
import { MemoryStore } from '../../lib/store/memory';
import { loadSnapshot, SnapshotError } from '../../lib/account/snapshot';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import type { AccountModel } from '../../lib/account/model';
import { FIXTURE_ACCOUNT, accountFixture, allow, awsPolicyRef, daysAgo, iamGroup, iamRole, iamUser } from '../support/posture-fixtures';
import { writeFolder } from '../account/fixtures';

const arn = (kind: 'role' | 'user', name: string) => `arn:aws:iam::${FIXTURE_ACCOUNT}:${kind}/${name}`;
const cfg = (la: Partial<Config['lastAccessed']> = {}): Config => ({ ...DEFAULT_CONFIG, lastAccessed: { ...DEFAULT_CONFIG.lastAccessed, ...la } });

function account(): AccountModel {
  return accountFixture({
    users: [
      iamUser('zed-admin', { AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] }),
      iamUser('s3-person', { GroupList: ['data'] }),
      iamUser('narrow', { UserPolicyList: [{ PolicyName: 'read', document: allow(['s3:GetObject'], 'arn:aws:s3:::b/*') }] }),
    ],
    groups: [iamGroup('data', { AttachedManagedPolicies: [awsPolicyRef('AmazonS3FullAccess')] })],
    roles: [
      iamRole('app', { RolePolicyList: [{ PolicyName: 'logs', document: allow(['logs:*']) }] }),
      iamRole('AWSServiceRoleForSupport', { Path: '/aws-service-role/support.amazonaws.com/', AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] }),
    ],
  });
}

describe('lastAccessedScope', () => {
  it('flagged (default): admins first, then full-access (through a group too), then wildcards; narrow and AWS-managed principals left out', () => {
    const s = lastAccessedScope(account(), cfg());
    expect(s.selected).toEqual([
      { arn: arn('user', 'zed-admin'), reason: 'admin' },
      { arn: arn('user', 's3-person'), reason: 'full-access' },
      { arn: arn('role', 'app'), reason: 'wildcard' },
    ]);
    expect(s.overCap).toEqual([]);
    expect(s.description).toMatch(/3 in scope, at most 100 per sweep/);
  });

  it('the cap keeps the most important principals and returns the rest to be reported', () => {
    const s = lastAccessedScope(account(), cfg({ maxPrincipals: 1 }));
    expect(s.selected.map((p) => p.arn)).toEqual([arn('user', 'zed-admin')]);
    expect(s.overCap.map((p) => p.arn)).toEqual([arn('user', 's3-person'), arn('role', 'app')]);
  });

  it('all: every user and role but the AWS-managed ones; off: none', () => {
    expect(lastAccessedScope(account(), cfg({ scope: 'all' })).selected.map((p) => p.arn)).toEqual([arn('role', 'app'), arn('user', 'narrow'), arn('user', 's3-person'), arn('user', 'zed-admin')]);
    expect(lastAccessedScope(account(), cfg({ scope: 'off' }))).toMatchObject({ selected: [], overCap: [] });
  });
});

const report = (a: string, services: unknown[], status = 'COMPLETED') => ({
  Arn: a,
  JobStatus: status,
  JobType: 'ACTION_LEVEL',
  JobCreationDate: '2026-06-01T11:59:00Z',
  JobCompletionDate: '2026-06-01T11:59:04Z',
  ServicesLastAccessed: services,
});
const used = (ns: string, days: number) => ({ ServiceName: ns, ServiceNamespace: ns, LastAuthenticated: daysAgo(days), TotalAuthenticatedEntities: 1 });
const never = (ns: string) => ({ ServiceName: ns, ServiceNamespace: ns, TotalAuthenticatedEntities: 0 });

describe('last-accessed.json: hostile, partial and old snapshots', () => {
  it('a wrong shape is a snapshot error naming the file; never a crash or a silent pass', async () => {
    for (const bad of ['[]', '{"principals": 3}', '{"principals": [{"JobStatus": "COMPLETED"}]}', '{"principals": [{"Arn": "x", "JobStatus": "COMPLETED"}]}', '{"principals": [{"Arn": "x", "JobStatus": "COMPLETED", "ServicesLastAccessed": [{"ServiceName": "no namespace"}]}]}']) {
      const dir = writeFolder({ override: { 'last-accessed.json': bad } });
      await expect(loadSnapshot(dir)).rejects.toThrow(SnapshotError);
      await expect(loadSnapshot(dir)).rejects.toThrow(/^last-accessed\.json: /);
    }
  });

  it('jobs saved IN_PROGRESS or FAILED become not-evaluated principals; over-long lists are bounded', () => {
    const d = parseLastAccessed({
      principals: [
        report('arn:a', [], 'IN_PROGRESS'),
        { ...report('arn:b', [], 'FAILED'), Error: { Code: 'ServiceFailure', Message: 'boom' } },
        report('arn:c', Array.from({ length: LIMITS.services + 1 }, (_, i) => never(`s${i}`))),
      ],
      notEvaluated: [{ Arn: 'arn:d', reason: 'beyond the 100 principals per sweep (lastAccessed.maxPrincipals)' }, 'junk'],
    });
    expect(d.principals).toEqual([]);
    expect(d.notEvaluated).toEqual([
      { arn: 'arn:a', reason: 'the last-accessed job is IN_PROGRESS' },
      { arn: 'arn:b', reason: 'the last-accessed job is FAILED: ServiceFailure boom' },
      { arn: 'arn:c', reason: `the report lists ${LIMITS.services + 1} services (at most ${LIMITS.services} are read)` },
      { arn: 'arn:d', reason: 'beyond the 100 principals per sweep (lastAccessed.maxPrincipals)' },
    ]);
    expect(unusedPermissions.evaluate(accountFixture({ lastAccessed: d }), { config: DEFAULT_CONFIG }).notEvaluated).toMatch(/^no principal in scope could be evaluated \(4; first: arn:a: /);
  });

  it('an old snapshot without the file still sweeps; unused-permissions says not evaluated', async () => {
    // The messy sample as it was before it had last-accessed.json (a copy without the file).
    const dir = mkdtempSync(path.join(tmpdir(), 'iamg-old-snapshot-'));
    try {
      cpSync(path.join(__dirname, '..', '..', 'samples', 'snapshots', 'messy'), dir, { recursive: true });
      rmSync(path.join(dir, 'last-accessed.json'));
      const m = await loadSnapshot(dir);
      expect(m.lastAccessed).toBeUndefined();
      const ev = evaluateAccount(m, DEFAULT_CONFIG);
      expect(ev.notEvaluated['unused-permissions']).toBe('IAM last-accessed data could not be read: last-accessed.json is not in the snapshot folder');
      expect(ev.findings.some((f) => f.ruleId === 'unused-permissions')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the unusedDays setting moves the boundary', () => {
    const a = accountFixture({ users: [iamUser('u', { CreateDate: daysAgo(500) })], lastAccessed: parseLastAccessed({ principals: [report(arn('user', 'u'), [used('s3', 31)])] }) });
    expect(unusedPermissions.evaluate(a, { config: cfg({ unusedDays: 30 }) }).hits).toHaveLength(1);
    expect(unusedPermissions.evaluate(a, { config: cfg({ unusedDays: 31 }) }).hits).toHaveLength(0);
  });
});

describe('principals not evaluated in a later sweep', () => {
  const ci = arn('role', 'ci');
  const ops = arn('role', 'ops');
  const night = (takenAt: string, principals: unknown[], notEvaluated: unknown[] = []): AccountModel =>
    accountFixture({
      takenAt,
      roles: [iamRole('ci', { CreateDate: daysAgo(400) }), iamRole('ops', { CreateDate: daysAgo(400) })],
      lastAccessed: parseLastAccessed({ principals, notEvaluated }),
    });

  it('keep their open finding (not resolved), are named in the notes, and resolve once evaluated clean', async () => {
    const store = new MemoryStore();
    const t1 = '2026-06-01T12:00:00.000Z';
    const t2 = '2026-06-02T12:00:00.000Z';
    const t3 = '2026-06-03T12:00:00.000Z';
    const r1 = await runSweep({ account: night(t1, [report(ci, [used('s3', 1), never('ec2')]), report(ops, [never('iam')])]), store, config: DEFAULT_CONFIG });
    expect(r1.findings.filter((f) => f.ruleId === 'unused-permissions').map((f) => [f.resource, f.severity])).toEqual([
      [ops, 'medium'],
      [ci, 'low'],
    ]);

    // Night 2: the ci job failed; ops still has the unused grant.
    const r2 = await runSweep({
      account: night(t2, [{ ...report(ci, [], 'FAILED'), Error: { Code: 'ServiceFailure', Message: 'internal' } }, report(ops, [never('iam')])]),
      store,
      config: DEFAULT_CONFIG,
    });
    expect(r2.resolved.map((f) => f.resource)).toEqual([]);
    expect(r2.notEvaluated[notEvaluatedResourceKey('unused-permissions', ci)]).toBe('the last-accessed job is FAILED: ServiceFailure internal');
    const stored = await store.getFindings(FIXTURE_ACCOUNT);
    // Left exactly as night 1 stored it: not resolved, not touched (lastSeen stays night 1's).
    expect(stored.find((f) => f.ruleId === 'unused-permissions' && f.resource === ci)).toMatchObject({ status: 'new', lastSeen: t1 });

    // Night 3: ci evaluated and uses everything it holds: resolved.
    const r3 = await runSweep({ account: night(t3, [report(ci, [used('s3', 1)]), report(ops, [never('iam')])]), store, config: DEFAULT_CONFIG });
    expect(r3.resolved.map((f) => [f.ruleId, f.resource])).toEqual([['unused-permissions', ci]]);
  });
});
