/** Behaviour of individual posture rules beyond their pass/fail examples (those run in test/rules/contract.test.ts). */
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { buildAccountModel } from '../../lib/account/snapshot';
import { evaluateAccount } from '../../lib/posture/evaluate';
import { accountFixture, allow, awsPolicyRef, credRow, daysAgo, iamGroup, iamRole, iamUser, policy, trust } from '../support/posture-fixtures';
import { POSTURE_RULES } from '../../lib/rules/posture';
import type { PostureRule } from '../../lib/rules/types';
import { examplesOf } from '../support/rule-examples';

const config = (partial: Partial<Config> = {}): Config => ({ ...DEFAULT_CONFIG, ...partial });
const rule = (id: string): PostureRule => POSTURE_RULES.find((r) => r.id === id) as PostureRule;
const run = (id: string, account = accountFixture(), cfg = config()) => rule(id).evaluate(account, { config: cfg });

describe('credential report', () => {
  it('ignores report rows of users deleted since the report was generated', () => {
    const account = accountFixture({ credentialReport: { rows: [credRow('alice'), credRow('gone', { mfa_active: 'false' })] } });
    expect(run('user-console-no-mfa', account).hits).toEqual([]);
    expect(run('user-console-no-mfa', account).checked).toBe(1);
  });

  it('thresholds come from config', () => {
    const account = accountFixture({ credentialReport: { rows: [credRow('alice', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(40), access_key_1_last_used_date: daysAgo(1) })] } });
    expect(run('access-key-not-rotated', account).hits).toEqual([]);
    const strict = config({ thresholds: { ...DEFAULT_CONFIG.thresholds, accessKeyMaxAgeDays: 30 } });
    expect(run('access-key-not-rotated', account, strict).hits.map((h) => h.resource)).toEqual(['arn:aws:iam::111122223333:user/alice']);
  });

  it('values N/A, no_information and not_supported never count as dates', () => {
    const account = accountFixture({
      credentialReport: { rows: [credRow('alice', { password_last_used: 'no_information', password_last_changed: 'not_supported', user_creation_time: 'N/A' })] },
    });
    expect(() => run('credentials-unused', account)).not.toThrow();
    expect(run('credentials-unused', account).hits).toEqual([]);
  });
});

describe('optional sources', () => {
  it.each([
    ['cloudtrail-not-logging', { trails: undefined, notCollected: { cloudtrail: 'AccessDenied on DescribeTrails (SCP)' } }, 'AccessDenied on DescribeTrails'],
    ['access-analyzer-disabled', { analyzers: undefined, notCollected: { accessAnalyzer: 'access-analyzers.json is not in the snapshot folder' } }, 'access-analyzers.json'],
    ['server-certificate-expired', { serverCertificates: undefined }, 'not collected'],
    ['root-hardware-mfa-missing', { virtualMfaDevices: undefined }, 'virtual MFA'],
    ['password-policy-weak', { passwordPolicy: undefined }, 'password policy'],
    ['root-used-recently', { credentialReport: undefined }, 'credential report'],
  ] as const)('%s is not evaluated when its source is missing', (id, partial, reason) => {
    const res = run(id, accountFixture(partial));
    expect(res.checked).toBe(0);
    expect(res.hits).toEqual([]);
    expect(res.notEvaluated).toContain(reason);
  });

  it('a trail whose event selectors were not collected makes the trail check not evaluated, not failed', () => {
    const res = run('cloudtrail-not-logging', accountFixture({ trails: [{ Name: 't', IsMultiRegionTrail: true, status: { IsLogging: true } }] }));
    expect(res.notEvaluated).toMatch(/event selectors of trail t/);
  });
});

describe('admin and escalation', () => {
  it('only the default version of a managed policy counts (through the snapshot loader)', () => {
    const v = (doc: unknown, id: string, def: boolean) => ({ Document: encodeURIComponent(JSON.stringify(doc)), VersionId: id, IsDefaultVersion: def });
    const model = buildAccountModel({
      meta: { accountId: '111122223333', takenAt: '2026-06-01T12:00:00Z' },
      authorizationDetails: {
        UserDetailList: [
          { UserName: 'alice', Arn: 'arn:aws:iam::111122223333:user/alice', GroupList: [], UserPolicyList: [], AttachedManagedPolicies: [{ PolicyName: 'ops', PolicyArn: 'arn:aws:iam::111122223333:policy/ops' }] },
        ],
        GroupDetailList: [],
        RoleDetailList: [],
        Policies: [
          {
            PolicyName: 'ops',
            Arn: 'arn:aws:iam::111122223333:policy/ops',
            DefaultVersionId: 'v2',
            AttachmentCount: 1,
            PolicyVersionList: [v({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, 'v1', false), v(allowJson(), 'v2', true)],
          },
        ],
      },
      notCollected: {},
    });
    const ev = evaluateAccount(model, config());
    expect(ev.findings.filter((f) => ['admin-access', 'policy-admin-statement'].includes(f.ruleId))).toEqual([]);
  });

  it('admin only under a Condition is medium; the guide\'s admin user (group, MFA, no keys) is info', () => {
    const account = accountFixture({
      users: [iamUser('maria', { GroupList: ['Admins'] }), iamUser('ops', { GroupList: [], UserPolicyList: [{ PolicyName: 'mfa-admin', document: allow('*', '*', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) }] })],
      groups: [iamGroup('Admins', { AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] })],
      credentialReport: { rows: [credRow('maria'), credRow('ops')] },
    });
    const hits = run('admin-access', account).hits;
    expect(Object.fromEntries(hits.map((h) => [h.resource.split('/').pop(), h.severity ?? 'high']))).toEqual({ maria: 'info', ops: 'medium' });
  });

  it('config.allowList keeps a role out of the admin and trust checks', () => {
    const account = accountFixture({
      roles: [iamRole('BreakGlass', { AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::444455556666:root' }), AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] })],
    });
    expect(run('admin-access', account).hits).toHaveLength(1);
    expect(run('role-trust-external-no-condition', account).hits).toHaveLength(1);
    const cfg = config({ allowList: [...DEFAULT_CONFIG.allowList, 'arn:aws:iam::*:role/BreakGlass'] });
    expect(run('admin-access', account, cfg).hits).toEqual([]);
    expect(run('role-trust-external-no-condition', account, cfg).hits).toEqual([]);
  });

  it('a permissions boundary without IAM keeps a user with iam:* from being admin', () => {
    const account = accountFixture({
      users: [iamUser('dev', { GroupList: [], UserPolicyList: [{ PolicyName: 'all', document: allow('*') }], PermissionsBoundary: { PermissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/bnd' } })],
      policies: [{ PolicyName: 'bnd', Arn: 'arn:aws:iam::111122223333:policy/bnd', AttachmentCount: 0, defaultDocument: allow(['s3:GetObject', 'logs:PutLogEvents']) }],
    });
    expect(run('admin-access', account).hits).toEqual([]);
    expect(run('privilege-escalation', account).hits).toEqual([]);
  });
});

describe('findings of the rules', () => {
  it('unparseable policy documents surface as evaluation warnings', () => {
    const account = { ...accountFixture(), documentErrors: [{ resource: 'arn:aws:iam::111122223333:user/alice', policy: 'broken', error: 'policy document is not valid JSON' }] };
    expect(evaluateAccount(account, config()).warnings[0]).toMatch(/broken of arn:aws:iam::111122223333:user\/alice could not be read/);
  });

  it('every hit of every fail example has a per-hit fix starting with "aws " (when given) and JSON evidence', () => {
    for (const r of POSTURE_RULES) {
      for (const ex of examplesOf(r).fail) {
        for (const h of r.evaluate(ex.account, { config: { ...DEFAULT_CONFIG, ...ex.config } }).hits) {
          if (h.fix) expect([r.id, h.fix.cli.startsWith('aws ')]).toEqual([r.id, true]);
          expect(() => JSON.stringify(h.evidence ?? {})).not.toThrow();
          expect(h.message.length).toBeGreaterThan(20);
        }
      }
    }
  });

  it('trust rules read NotPrincipal, lists of principals and StringLike "*" conditions', () => {
    const account = accountFixture({
      roles: [
        iamRole('np', { AssumeRolePolicyDocument: policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] }) }),
        iamRole('fake-guard', { AssumeRolePolicyDocument: trust({ AWS: '*' }, { StringLike: { 'aws:PrincipalOrgID': '*' } }) }),
      ],
    });
    expect(run('role-trust-public', account).hits.map((h) => h.resource.split('/').pop()).sort()).toEqual(['fake-guard', 'np']);
  });
});

function allowJson(): unknown {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['cloudwatch:GetMetricData'], Resource: '*' }] };
}
