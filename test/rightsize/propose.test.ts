/**
 * Proposals: for the sample account's principals from a generated 90-day archive, replaying the archive against the
 * proposed policy with lib/policy denies nothing that the current policy allowed, and the proposal is never broader
 * than the current policy; Deny and Condition carried over; resources collapsed above the threshold; properties on
 * random policies and usage (fast-check).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadSnapshot } from '../../lib/account/snapshot';
import type { AccountModel } from '../../lib/account/model';
import { listLocalFiles } from '../../lib/replay/files';
import { readEventFile } from '../../lib/cloudtrail/input';
import { UsageCollector, callerOf, type PrincipalUsage } from '../../lib/rightsize/usage';
import { currentPolicies } from '../../lib/rightsize/current';
import { propose, type CurrentPolicies } from '../../lib/rightsize/propose';
import { mapCall } from '../../lib/rightsize/mapping';
import { callResources, collapseResources, safeArn } from '../../lib/rightsize/resources';
import { PermissionSet } from '../../lib/policy/analyse';
import { actionIndex, isSubset, setSize } from '../../lib/policy/catalog';
import { parsePolicyDocument, type PolicyDocument } from '../../lib/policy/document';
import { globCovers } from '../../lib/policy/glob';
import { writeUsageArchive } from '../../bench/gen-usage-archive';

const ROOT = join(__dirname, '..', '..');

function doc(statements: unknown[]): PolicyDocument {
  const r = parsePolicyDocument({ Version: '2012-10-17', Statement: statements });
  if (!r.ok) throw new Error(r.error);
  return r.document;
}

function current(arn: string, ...docs: PolicyDocument[]): CurrentPolicies {
  return { arn, kind: arn.includes(':user/') ? 'user' : 'role', sources: docs.map((d, i) => ({ label: `p${i}`, document: d })), unresolved: [] };
}

function usageOf(records: unknown[], principal?: string): UsageCollector {
  const c = new UsageCollector({ principal });
  for (const r of records) c.add(r);
  return c;
}

function call(arn: string, source: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.10',
    userIdentity: { type: 'IAMUser', arn, accountId: '123456789012', userName: arn.split('/').pop() },
    eventTime: '2026-11-01T10:00:00Z',
    eventSource: source,
    eventName: name,
    awsRegion: 'us-east-1',
    eventType: 'AwsApiCall',
    recipientAccountId: '123456789012',
    ...extra,
  };
}

const ALICE = 'arn:aws:iam::123456789012:user/alice';

describe('the sample account from a generated 90-day archive', () => {
  let dir: string;
  let account: AccountModel;
  let records: unknown[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iamg-rightsize-'));
    account = await loadSnapshot(join(ROOT, 'samples', 'snapshots', 'messy'));
    await writeUsageArchive(account, dir, { days: 90, seed: 11 });
    records = [];
    for (const f of await listLocalFiles(dir)) records.push(...(await readEventFile(f)));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('covers 90 days and most principals', () => {
    const c = usageOf(records);
    expect(Date.parse(c.summary.last as string) - Date.parse(c.summary.first as string)).toBeGreaterThan(88 * 86_400_000);
    expect(c.principals.size).toBeGreaterThanOrEqual(10);
    expect(c.summary.dataEvents).toBeGreaterThan(0);
    expect(c.summary.otherIdentities.Root).toBeGreaterThan(0);
  });

  it('each proposal allows every call the archive shows (0 denied) and is never broader than the current policy', () => {
    const c = usageOf(records);
    let checkedCalls = 0;
    for (const cur of currentPolicies(account)) {
      const u = c.principals.get(cur.arn);
      if (!u) continue;
      const p = propose(cur, u, { summary: c.summary });
      expect([cur.arn, p.validation]).toEqual([cur.arn, { notBroader: true, allowsEveryUse: true, problems: [] }]);
      // Independent replay: every successful call of this principal, through lib/policy, against the proposal.
      const parsed = parsePolicyDocument(p.policy);
      expect(parsed.ok).toBe(true);
      const proposed = new PermissionSet(parsed.ok ? [parsed.document] : [], { principalArn: cur.arn, boundary: cur.boundary });
      const now = new PermissionSet(cur.sources.map((s) => s.document), { principalArn: cur.arn, boundary: cur.boundary });
      let denied = 0;
      for (const v of records) {
        const r = v as Record<string, unknown>;
        const who = callerOf(r);
        if ('other' in who || who.arn !== cur.arn || typeof r.errorCode === 'string') continue;
        const m = mapCall(r.eventSource, r.eventName, r.eventType);
        if (m.kind !== 'mapped') continue;
        for (const a of m.actions) {
          for (const res of callResources(r, a, cur.arn)) {
            if (now.reach(actionIndex(a), res).length === 0) continue; // not allowed today either
            checkedCalls++;
            if (proposed.reach(actionIndex(a), res).length === 0) denied++;
          }
        }
      }
      expect([cur.arn, denied]).toEqual([cur.arn, 0]);
      expect(isSubset(proposed.allowed, now.allowed)).toBe(true);
      expect(p.wouldBeRemoved.actions).toBe(setSize(now.allowed) - setSize(proposed.allowed));
      expect(p.proposedActions).toBeLessThanOrEqual(p.grantedActions);
      // Every statement explains itself.
      for (const st of p.policy.Statement) expect(st.Sid).toMatch(/^[A-Za-z0-9]+$/);
      for (const st of p.statements) expect(st.why.length).toBeGreaterThan(20);
    }
    expect(checkedCalls).toBeGreaterThan(1000);
  });

  it('an admin principal keeps only what it used', () => {
    const c = usageOf(records);
    const bob = currentPolicies(account).find((x) => x.arn.endsWith(':user/admin-bob')) as CurrentPolicies;
    const p = propose(bob, c.principals.get(bob.arn), { summary: c.summary });
    expect(p.grantedActions).toBeGreaterThan(10_000);
    expect(p.proposedActions).toBeLessThan(50);
    expect(p.wouldBeRemoved.services.length).toBeGreaterThan(100);
  });
});

describe('proposal details', () => {
  it('says when the archive holds management events only, naming the data-plane actions it could not see', () => {
    const cur = current(ALICE, doc([{ Effect: 'Allow', Action: ['s3:*', 'ec2:Describe*'], Resource: '*' }]));
    const c = usageOf([call(ALICE, 'ec2.amazonaws.com', 'DescribeInstances')]);
    const p = propose(cur, c.principals.get(ALICE), { summary: c.summary });
    expect(p.notes.join(' ')).toMatch(/management events only/);
    expect(p.wouldBeRemoved.unobservable).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject']));
    const withData = usageOf([call(ALICE, 'ec2.amazonaws.com', 'DescribeInstances'), call(ALICE, 's3.amazonaws.com', 'GetObject', { managementEvent: false, eventCategory: 'Data', requestParameters: { bucketName: 'b1', key: 'k' } })]);
    const p2 = propose(cur, withData.principals.get(ALICE), { summary: withData.summary });
    expect(p2.notes.join(' ')).not.toMatch(/management events only/);
    expect(p2.wouldBeRemoved.unobservable).toEqual([]);
    expect(p2.policy.Statement).toEqual(expect.arrayContaining([expect.objectContaining({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::b1/k' })]));
  });

  it('carries over a Deny that touches a kept action, and a grant Condition', () => {
    const cur = current(
      ALICE,
      doc([
        { Effect: 'Allow', Action: 's3:*', Resource: '*' },
        { Effect: 'Allow', Action: 'ec2:StopInstances', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev' } } },
        { Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::prod/*' },
      ]),
    );
    const c = usageOf([call(ALICE, 's3.amazonaws.com', 'DeleteObjects', { requestParameters: { bucketName: 'scratch' } }), call(ALICE, 'ec2.amazonaws.com', 'StopInstances')]);
    const p = propose(cur, c.principals.get(ALICE));
    expect(p.validation.notBroader).toBe(true);
    expect(p.policy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::prod/*' }),
        expect.objectContaining({ Effect: 'Allow', Action: 'ec2:StopInstances', Condition: { StringEquals: { 'aws:ResourceTag/env': ['dev'] } } }),
      ]),
    );
  });

  it('lists used actions the current policy does not grant, denied calls apart, and unmapped calls with their reason', () => {
    const cur = current(ALICE, doc([{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }]));
    const c = usageOf([
      call(ALICE, 'ec2.amazonaws.com', 'DescribeInstances'),
      call(ALICE, 'iam.amazonaws.com', 'CreateUser'),
      call(ALICE, 'ec2.amazonaws.com', 'RunInstances', { errorCode: 'Client.UnauthorizedOperation' }),
      call(ALICE, 'sts.amazonaws.com', 'GetCallerIdentity'),
    ]);
    const reasons = new Map([...c.unmapped.values()].map((u) => [`${u.eventSource}|${u.eventName}`, u.reason]));
    const p = propose(cur, c.principals.get(ALICE), { unmappedReasons: reasons });
    expect(p.usedNotGranted.map((x) => x.action)).toEqual(['iam:CreateUser']);
    expect(p.policy.Statement.map((s) => s.Action)).toEqual(['ec2:DescribeInstances']);
    expect(p.notes.join(' ')).toMatch(/1 call\(s\) of this principal were denied/);
    expect(p.unmapped).toEqual([{ eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', count: 1, reason: expect.stringMatching(/needs no permission/) }]);
  });

  it('narrows to the resources seen, collapsed to a pattern above the threshold, and within the current grant', () => {
    const cur = current(ALICE, doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/reports/*' }]));
    const recs = Array.from({ length: 15 }, (_, i) => call(ALICE, 's3.amazonaws.com', 'GetObject', { requestParameters: { bucketName: 'data', key: `reports/2026/r${i}.csv` } }));
    const c = usageOf(recs);
    const p = propose(cur, c.principals.get(ALICE), { maxResources: 10 });
    expect(p.policy.Statement).toEqual([expect.objectContaining({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/reports/2026/r*' })]);
    const few = propose(cur, c.principals.get(ALICE), { maxResources: 20 });
    expect((few.policy.Statement[0].Resource as string[]).length).toBe(15);
    // A collapsed pattern broader than the grant is cut back to the grant.
    const wide = propose(current(ALICE, doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/reports/2026/r1*' }])), c.principals.get(ALICE), { maxResources: 2 });
    expect(wide.validation.notBroader).toBe(true);
    expect(wide.policy.Statement[0].Resource).toBe('arn:aws:s3:::data/reports/2026/r1*');
  });

  it('IAM calls that name a user, role or group are narrowed to its ARN (path included), and only those', () => {
    const names = new Map([['role:app', 'arn:aws:iam::123456789012:role/service/app'], ['user:bob', 'arn:aws:iam::123456789012:user/team/bob']]);
    const c = new UsageCollector({ iamArns: names });
    c.add(call(ALICE, 'iam.amazonaws.com', 'AttachRolePolicy', { requestParameters: { roleName: 'app', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } }));
    c.add(call(ALICE, 'iam.amazonaws.com', 'CreateAccessKey', { requestParameters: { userName: 'bob' } }));
    c.add(call(ALICE, 'iam.amazonaws.com', 'AddRoleToInstanceProfile', { requestParameters: { roleName: 'app', instanceProfileName: 'ip' } }));
    c.add(call(ALICE, 'iam.amazonaws.com', 'GetRole', { requestParameters: { roleName: 'not-in-the-account' } }));
    const used = c.principals.get(ALICE)?.actions;
    expect([...(used?.get('iam:AttachRolePolicy')?.resources ?? [])]).toEqual(['arn:aws:iam::123456789012:role/service/app']);
    expect([...(used?.get('iam:CreateAccessKey')?.resources ?? [])]).toEqual(['arn:aws:iam::123456789012:user/team/bob']);
    expect([...(used?.get('iam:AddRoleToInstanceProfile')?.resources ?? [])]).toEqual(['*']);
    expect([...(used?.get('iam:GetRole')?.resources ?? [])]).toEqual(['*']);
    const p = propose(current(ALICE, doc([{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }])), c.principals.get(ALICE));
    expect(p.validation).toEqual({ notBroader: true, allowsEveryUse: true, problems: [] });
  });

  it('a wildcard character in a seen name never becomes a wildcard', () => {
    expect(safeArn('arn:aws:s3:::b/a*b?c$d')).toBe('arn:aws:s3:::b/a?b?c?d');
    expect(safeArn('arn:aws:s3:::b/x\u001b[2J')).toBeUndefined();
    expect(safeArn('not an arn')).toBeUndefined();
    expect(collapseResources(['arn:aws:s3:::b/1', 'arn:aws:s3:::b/2', '*'], 10)).toEqual(['*']);
  });

  it('a principal with no mapped call gets an empty proposal and says so', () => {
    const cur = current(ALICE, doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]));
    const p = propose(cur, undefined);
    expect(p.policy.Statement).toEqual([]);
    expect(p.proposedActions).toBe(0);
    expect(p.wouldBeRemoved.actions).toBe(p.grantedActions);
    expect(p.notes.join(' ')).toMatch(/grants nothing/);
  });
});

describe('properties (fast-check)', () => {
  const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'ec2:DescribeInstances', 'ec2:StopInstances', 'dynamodb:GetItem', 'iam:GetRole', 'kms:Decrypt'];
  const PATTERNS = ['s3:*', 's3:Get*', 'ec2:*', 'ec2:Describe*', 'dynamodb:GetItem', 'iam:Get*', 'kms:*', '*'];
  const RESOURCES = ['*', 'arn:aws:s3:::a/*', 'arn:aws:s3:::a/x*', 'arn:aws:s3:::b', 'arn:aws:dynamodb:us-east-1:123456789012:table/t*', 'arn:aws:ec2:us-east-1:123456789012:instance/*'];
  const SEEN = ['arn:aws:s3:::a/x1', 'arn:aws:s3:::a/y2', 'arn:aws:s3:::b', 'arn:aws:s3:::b/k', 'arn:aws:dynamodb:us-east-1:123456789012:table/t1', 'arn:aws:ec2:us-east-1:123456789012:instance/i-1', '*'];
  const statement = fc.record({
    Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
    Action: fc.subarray(PATTERNS, { minLength: 1, maxLength: 3 }),
    Resource: fc.subarray(RESOURCES, { minLength: 1, maxLength: 2 }),
  });
  const use = fc.record({ action: fc.constantFrom(...ACTIONS), resources: fc.subarray(SEEN, { minLength: 1, maxLength: 3 }), count: fc.integer({ min: 1, max: 5 }) });

  it('never broader than the current policy, and allows every granted use', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), fc.array(use, { maxLength: 6 }), fc.integer({ min: 1, max: 3 }), (stmts, uses, max) => {
        const cur = current(ALICE, doc(stmts));
        const usage: PrincipalUsage = { arn: ALICE, kind: 'user', calls: 0, denied: 0, actions: new Map(), unmapped: new Map() };
        for (const u of uses) {
          const prev = usage.actions.get(u.action);
          if (prev) u.resources.forEach((r) => prev.resources.add(r));
          else usage.actions.set(u.action, { action: u.action, count: u.count, resources: new Set(u.resources), overflow: false });
        }
        const p = propose(cur, usage, { maxResources: max });
        expect(p.validation.problems).toEqual([]);
        const parsed = parsePolicyDocument(p.policy);
        const proposed = new PermissionSet(parsed.ok ? [parsed.document] : [], { principalArn: ALICE });
        const now = new PermissionSet(cur.sources.map((s) => s.document), { principalArn: ALICE });
        expect(isSubset(proposed.allowed, now.allowed)).toBe(true);
        for (const [a, u] of usage.actions) {
          for (const r of u.resources) {
            const granted = now.reach(actionIndex(a), r).length > 0;
            const excluded = p.usedNotGranted.some((x) => x.action === a && (x.resources.includes(r) || x.resources.some((m) => globCovers(m, r)) || x.reason.includes('(')));
            if (granted && !excluded) expect(proposed.reach(actionIndex(a), r).length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
