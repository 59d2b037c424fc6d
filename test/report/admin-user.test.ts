/**
 * One definition of admin (issue 21/23): the weekly checklist's "an admin IAM user exists" and the admin-access
 * findings are both the policy engine's verdict (lib/posture/admin-users.ts), and the checklist counts only a person:
 * admin through a group, console password with MFA, no access keys. Checked over the sample snapshots and a table of
 * accounts where a `*`-counting definition would disagree (NotAction, Deny, boundary, key-only bot).
 */
import path from 'node:path';
import type { AccountModel } from '../../lib/account/model';
import { loadSnapshot } from '../../lib/account/snapshot';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import type { Finding } from '../../lib/findings/types';
import { evaluateAccount } from '../../lib/posture/evaluate';
import { accountFixture, allow, awsPolicyRef, credRow, customerPolicy, daysAgo, iamGroup, iamUser, policy } from '../support/posture-fixtures';
import { buildWeeklyReport, type ChecklistItem } from '../../lib/report/model';

const SAMPLES = path.join(__dirname, '..', '..', 'samples', 'snapshots');

function judge(account: AccountModel, withSnapshot: boolean): { check: ChecklistItem; findings: Finding[] } {
  const evaluation = evaluateAccount(account, DEFAULT_CONFIG);
  const r = buildWeeklyReport({
    account: account.accountId,
    now: account.takenAt,
    sweeps: [],
    findings: evaluation.findings,
    alerts: [],
    evaluation,
    ...(withSnapshot ? { snapshot: account } : {}),
    config: DEFAULT_CONFIG,
  });
  const check = r.checklist.find((c) => c.id === 'admin-user');
  if (!check) throw new Error('no admin-user line in the checklist');
  return { check, findings: evaluation.findings };
}

/** The users the checklist names as the guide's admin user (pass), or [] when it fails. */
function namedAdmins(check: ChecklistItem): string[] {
  if (check.status !== 'pass') return [];
  return check.detail.split(':')[0].replace(/ and \d+ more$/, '').split(', ');
}

/** The checklist and the findings never contradict each other. */
function expectAgreement(account: AccountModel): ChecklistItem {
  const { check, findings } = judge(account, true);
  expect(judge(account, false).check).toEqual(check); // the same verdict from the findings alone (no snapshot)
  const userAdmin = findings.filter((f) => f.ruleId === 'admin-access' && /:user\//.test(f.resource));
  const guide = userAdmin.filter((f) => (f.evidence.adminUser as { guideAdmin?: boolean } | undefined)?.guideAdmin === true);
  const rows = new Map((account.credentialReport?.rows ?? []).map((r) => [r.user, r]));
  if (check.status === 'pass') {
    const named = namedAdmins(check);
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) {
      // each is admin per the rule, reported at info as the guide's admin user, and is a person with MFA and no keys
      const f = guide.find((x) => x.resource.endsWith(`:user/${name}`));
      expect(f?.severity).toBe('info');
      const row = rows.get(name);
      expect([row?.password_enabled, row?.mfa_active, row?.access_key_1_active, row?.access_key_2_active]).toEqual(['true', 'true', 'false', 'false']);
    }
  } else {
    expect(check.status).toBe('fail');
    expect(guide).toEqual([]);
    // every admin user the rule flags is named (up to five) with why it does not count
    for (const f of userAdmin.slice(0, 5)) expect(check.detail).toContain(f.resource.split('/').pop() as string);
    if (userAdmin.length === 0) expect(check.detail).toMatch(/no IAM user has admin rights/);
  }
  return check;
}

describe('"an admin IAM user exists" agrees with the admin-access findings', () => {
  test.each(['clean', 'messy'])('sample snapshot %s', async (name) => {
    const account = await loadSnapshot(path.join(SAMPLES, name));
    const check = expectAgreement(account);
    if (name === 'messy') {
      // etl-bot: a key-only bot in an admin group, flagged admin-access high — never the guide's admin user
      expect(check.status).toBe('fail');
      expect(check.detail).toMatch(/etl-bot \(no console password \(not a person signing in\), 1 active access key\)/);
      const { findings } = judge(account, true);
      expect(findings.find((f) => f.ruleId === 'admin-access' && f.resource.endsWith(':user/etl-bot'))?.severity).toBe('high');
    } else {
      expect(check.status).toBe('pass');
      expect(namedAdmins(check)).toEqual(['maria']);
    }
  });

  const admins = iamGroup('Admins', { AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] });
  const notAction = customerPolicy('almost-all', policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'aws-portal:*', Resource: '*' }] }));
  const table: { name: string; account: AccountModel; status: 'pass' | 'fail'; detail: RegExp }[] = [
    {
      name: 'a person in an admin group with MFA and no keys',
      account: accountFixture({ users: [iamUser('dana', { GroupList: ['Admins'] })], groups: [admins] }),
      status: 'pass',
      detail: /^dana: a person admin through a group/,
    },
    {
      name: 'a key-only bot in the admin group (no console password)',
      account: accountFixture({
        users: [iamUser('etl-bot', { GroupList: ['Admins'] })],
        groups: [admins],
        credentialReport: { generatedAt: daysAgo(0), rows: [credRow('etl-bot', { password_enabled: 'false', mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(10) })] },
      }),
      status: 'fail',
      detail: /etl-bot \(no console password \(not a person signing in\), 1 active access key\)/,
    },
    {
      name: 'a person in an admin group without MFA',
      account: accountFixture({
        users: [iamUser('bob', { GroupList: ['Admins'] })],
        groups: [admins],
        credentialReport: { generatedAt: daysAgo(0), rows: [credRow('bob', { mfa_active: 'false' })] },
      }),
      status: 'fail',
      detail: /bob \(console password without MFA\)/,
    },
    {
      name: 'a person admin through NotAction (no "*" in Action: a *-counting check misses it)',
      account: accountFixture({
        users: [iamUser('nina', { GroupList: ['Platform'] })],
        groups: [iamGroup('Platform', { AttachedManagedPolicies: [{ PolicyName: notAction.PolicyName, PolicyArn: notAction.Arn }] })],
        policies: [notAction],
      }),
      status: 'pass',
      detail: /^nina: /,
    },
    {
      name: '"*" on "*" cancelled by an explicit Deny: nobody is admin',
      account: accountFixture({
        users: [iamUser('omar', { GroupList: ['Admins'] })],
        groups: [iamGroup('Admins', { GroupPolicyList: [{ PolicyName: 'all-but-not', document: policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*' }] }) }] })],
      }),
      status: 'fail',
      detail: /no IAM user has admin rights/,
    },
    {
      name: 'AdministratorAccess through a group, capped by a read-only permissions boundary: not admin',
      account: (() => {
        const boundary = customerPolicy('read-only-boundary', allow(['s3:GetObject', 'ec2:Describe*']));
        return accountFixture({
          users: [iamUser('pat', { GroupList: ['Admins'], PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundary.Arn } })],
          groups: [admins],
          policies: [boundary],
        });
      })(),
      status: 'fail',
      detail: /no IAM user has admin rights/,
    },
    {
      name: 'admin granted to the user directly (not through a group)',
      account: accountFixture({ users: [iamUser('quinn', { GroupList: [], AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] })] }),
      status: 'fail',
      detail: /quinn \(admin granted to the user directly, not only through a group\)/,
    },
  ];
  test.each(table)('$name', ({ account, status, detail }) => {
    const check = expectAgreement(account);
    expect(check.status).toBe(status);
    expect(check.detail).toMatch(detail);
  });
});
