/**
 * unused-permissions, branch by branch (issue 21: surviving mutants): a principal younger than the period, tracked
 * actions used long ago, a report for a principal the snapshot does not list, the guide's admin user, and a report
 * without a completion date. Reports are in GetServiceLastAccessedDetails' shape, decoded by the loader's parser.
 */
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { unusedGrants, unusedPermissions } from '../../lib/rules/posture/unused-permissions';
import { parseLastAccessed } from '../../lib/last-accessed/model';
import type { AccountModel } from '../../lib/account/model';
import { FIXTURE_ACCOUNT, FIXTURE_TAKEN_AT, accountFixture, awsPolicyRef, credRow, daysAgo, iamGroup, iamRole, iamUser } from '../support/posture-fixtures';

const at = (days: number) => new Date(daysAgo(days).replace('+00:00', 'Z'));
const limit = DEFAULT_CONFIG.lastAccessed.unusedDays;
const run = (account: AccountModel) => unusedPermissions.evaluate(account, { config: DEFAULT_CONFIG });

function svc(namespace: string, lastUsedDaysAgo?: number, tracked?: [string, number | undefined][]) {
  return {
    ServiceName: namespace,
    ServiceNamespace: namespace,
    TotalAuthenticatedEntities: lastUsedDaysAgo === undefined ? 0 : 1,
    ...(lastUsedDaysAgo === undefined ? {} : { LastAuthenticated: at(lastUsedDaysAgo), LastAuthenticatedRegion: 'eu-west-1' }),
    ...(tracked ? { TrackedActionsLastAccessed: tracked.map(([ActionName, d]) => ({ ActionName, ...(d === undefined ? {} : { LastAccessedTime: at(d), LastAccessedRegion: 'eu-west-1' }) })) } : {}),
  };
}
function withReports(partial: Partial<AccountModel>, reports: { arn: string; services: ReturnType<typeof svc>[]; completed?: boolean }[]): AccountModel {
  return accountFixture({
    ...partial,
    lastAccessed: parseLastAccessed({
      scope: 'users and roles with administrator access, a full-access managed policy or a wildcard action',
      principals: reports.map((r) => ({ Arn: r.arn, JobStatus: 'COMPLETED', JobType: 'ACTION_LEVEL', JobCreationDate: at(0), ...(r.completed === false ? {} : { JobCompletionDate: at(0) }), ServicesLastAccessed: r.services })),
      notEvaluated: [],
    }),
  });
}
const report = (services: ReturnType<typeof svc>[]) => {
  const la = withReports({}, [{ arn: `arn:aws:iam::${FIXTURE_ACCOUNT}:role/x`, services }]).lastAccessed;
  if (!la) throw new Error('no report');
  return la.principals[0];
};

describe('unusedGrants', () => {
  const taken = Date.parse(FIXTURE_TAKEN_AT);
  it('a service never used counts only once the principal is older than the period', () => {
    const r = report([svc('ec2')]);
    expect(unusedGrants(r, taken, limit, Date.parse(daysAgo(limit))).unusedServices).toEqual([]);
    expect(unusedGrants(r, taken, limit, Date.parse(daysAgo(limit + 1))).unusedServices).toEqual(['ec2']);
    expect(unusedGrants(r, taken, limit, undefined).neverUsed).toEqual(['ec2']);
  });

  it('a tracked action used longer ago than the period is unused; within it, not', () => {
    const r = report([svc('iam', 1, [['CreateUser', limit + 1], ['ListUsers', limit], ['DeleteUser', undefined]])]);
    expect(unusedGrants(r, taken, limit, Date.parse(daysAgo(400))).unusedActions).toEqual(['iam:CreateUser', 'iam:DeleteUser']);
    expect(unusedGrants(r, taken, limit, Date.parse(daysAgo(10))).unusedActions).toEqual(['iam:CreateUser']);
  });
});

describe('unused-permissions messages: what a reader can act on', () => {
  const role = (name: string) => iamRole(name, { CreateDate: daysAgo(400) });
  const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => svc(`${prefix}${String(i).padStart(2, '0')}`));

  it('a broad grant left mostly unused names the few services used instead of the first unused ones', () => {
    const r = role('admin-ish');
    const [h] = run(withReports({ roles: [r] }, [{ arn: r.Arn, services: [svc('ec2', 3), svc('logs', 1), ...many(20, 'zz')] }])).hits;
    expect(h.message).toMatch(/^IAM role admin-ish has not used 20 of 22 granted services in more than 90 days \(it used only ec2, logs\)\./);
    expect(h.evidence).toMatchObject({ usedServices: ['ec2', 'logs'], unusedServiceCount: 20 });
  });

  it('a few unused services, or more unused than used but no more than the message shows: their names', () => {
    const r = role('narrow');
    const [h] = run(withReports({ roles: [r] }, [{ arn: r.Arn, services: [svc('ec2', 3), ...many(8, 'zz')] }])).hits;
    expect(h.message).toContain('has not used 8 of 9 granted services in more than 90 days (zz00, zz01, zz02, zz03, zz04, zz05, zz06, zz07)');
    // as many used as unused: the unused names, cut
    const [h2] = run(withReports({ roles: [r] }, [{ arn: r.Arn, services: [...many(9, 'aa').map((s, i) => ({ ...svc(s.ServiceNamespace, i + 1) })), ...many(9, 'zz')] }])).hits;
    expect(h2.message).toContain('has not used 9 of 18 granted services in more than 90 days (zz00, zz01, zz02, zz03, zz04, zz05, zz06, zz07 and 1 more)');
  });

  it('nothing used in the period: "any of its N", with the names only when few', () => {
    const r = role('idle');
    const [big] = run(withReports({ roles: [r] }, [{ arn: r.Arn, services: many(12, 'zz') }])).hits;
    expect(big.message).toMatch(/^IAM role idle has not used any of its 12 granted services in more than 90 days\./);
    const [small] = run(withReports({ roles: [r] }, [{ arn: r.Arn, services: [svc('s3', limit + 10), svc('sqs')] }])).hits;
    expect(small.message).toMatch(/^IAM role idle has not used any of its 2 granted services in more than 90 days \(s3, sqs\)\./);
  });

  it('many unused tracked actions are counted per service, most first; the evidence keeps the counts', () => {
    const r = role('deployer');
    const tracked = (prefix: string, n: number): [string, number | undefined][] => Array.from({ length: n }, (_, i) => [`${prefix}${i}`, undefined]);
    const [h] = run(withReports({ roles: [r] }, [{ arn: r.Arn, services: [svc('iam', 2, [['PutRolePolicy', 2], ...tracked('Create', 3)]), svc('ec2', 1, tracked('Run', 7))] }])).hits;
    expect(h.message).toContain('has not used 10 tracked actions of services it does use (ec2: 7, iam: 3)');
    expect(h.evidence).toMatchObject({ unusedActionCount: 10, unusedActionsByService: { ec2: 7, iam: 3 } });
    const [few] = run(withReports({ roles: [r] }, [{ arn: r.Arn, services: [svc('iam', 2, [['PutRolePolicy', 2], ...tracked('Create', 2)])] }])).hits;
    expect(few.message).toContain('has not used 2 tracked actions of services it does use (iam:Create0, iam:Create1)');
  });

  it('the unused control-plane services are named in alphabetical order', () => {
    const r = role('ops');
    const [h] = run(withReports({ roles: [r] }, [{ arn: r.Arn, services: [svc('sts'), svc('iam', 1, [['CreateUser', undefined]]), svc('kms')] }])).hits;
    expect(h.message).toContain('Unused control-plane or secrets access: iam, kms, sts.');
  });
});

describe('unused-permissions findings', () => {
  it('a report for a principal the snapshot does not list: named by its ARN, the fix built from the ARN', () => {
    const ghost = `arn:aws:iam::${FIXTURE_ACCOUNT}:role/service/ghost`;
    const [h] = run(withReports({}, [{ arn: ghost, services: [svc('s3', 1), svc('ec2')] }])).hits;
    expect(h.message.startsWith(`${ghost} has not used 1 of 2 granted services`)).toBe(true);
    expect(h.fix?.cli).toContain('aws iam list-attached-role-policies --role-name ghost && iam-guardian rightsize --principal');
  });

  it('the guide’s admin user is info; a report without a completion date names no date', () => {
    const bob = iamUser('bob', { GroupList: ['Admins'], CreateDate: daysAgo(400) });
    const admins = iamGroup('Admins', { AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] });
    const account = withReports({ users: [bob], groups: [admins], credentialReport: { rows: [credRow('bob')], generatedAt: daysAgo(0) } }, [{ arn: bob.Arn, services: [svc('s3', 1), svc('ec2')], completed: false }]);
    const [h] = run(account).hits;
    expect(h.severity).toBe('info');
    expect(h.message).toContain("It is the guide's admin user");
    expect(h.message.endsWith('check it still needs administrator access.')).toBe(true);
    const role = iamRole('app', { CreateDate: daysAgo(400) });
    const [r] = run(withReports({ roles: [role] }, [{ arn: role.Arn, services: [svc('s3', 1), svc('ec2')] }])).hits;
    expect(r.severity ?? unusedPermissions.severity).toBe('low');
    expect(r.message).toContain(`IAM last-accessed data of ${at(0).toISOString().slice(0, 10)}.`);
  });
});

describe('no principal evaluated', () => {
  it('the rule is not evaluated, naming the first principal and why', () => {
    const account = accountFixture({
      lastAccessed: parseLastAccessed({
        scope: 'users and roles with administrator access, a full-access managed policy or a wildcard action',
        principals: [],
        notEvaluated: [{ Arn: `arn:aws:iam::${FIXTURE_ACCOUNT}:role/app`, reason: 'AccessDenied on GenerateServiceLastAccessedDetails' }],
      }),
    });
    const r = run(account);
    expect(r.hits).toEqual([]);
    expect(r.notEvaluated).toBe(`no principal in scope could be evaluated (1; first: arn:aws:iam::${FIXTURE_ACCOUNT}:role/app: AccessDenied on GenerateServiceLastAccessedDetails)`);
  });
});
