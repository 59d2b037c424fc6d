/**
 * Branches of posture rules that their examples did not separate (issue 21: the surviving mutants of the lib/rules
 * sample): sources not collected, credential-report thresholds and never-used credentials, trail selectors, password
 * policy fields, admin statements (Deny, conditions, attachment), and how several items are listed.
 */
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { POSTURE_RULES } from '../../lib/rules/posture';
import type { PostureRule } from '../../lib/rules/types';
import type { AccountModel } from '../../lib/account/model';
import { accountFixture, allow, awsPolicyRef, credRow, customerPolicy, daysAgo, goodTrail, iamUser, policy } from '../support/posture-fixtures';

const A = '111122223333';
const rule = (id: string): PostureRule => {
  const r = POSTURE_RULES.find((x) => x.id === id);
  if (!r) throw new Error(id);
  return r;
};
const run = (id: string, account: AccountModel) => rule(id).evaluate(account, { config: DEFAULT_CONFIG });
const rows = (...r: ReturnType<typeof credRow>[]) => ({ rows: r, generatedAt: daysAgo(0) });

describe('sources not collected', () => {
  it('no credential report: the credential rules say why and check nothing', () => {
    for (const id of ['access-key-at-setup', 'user-two-active-keys', 'credentials-unused']) {
      const r = run(id, accountFixture({ credentialReport: undefined }));
      expect([id, r.checked, r.hits]).toEqual([id, 0, []]);
      expect(r.notEvaluated).toEqual(expect.any(String));
    }
  });

  it('no analyzer list: "The Access Analyzer list was not collected", or the collector’s note', () => {
    expect(run('access-analyzer-disabled', accountFixture({ analyzers: undefined })).notEvaluated).toBe('The Access Analyzer list was not collected');
    expect(run('access-analyzer-disabled', accountFixture({ analyzers: undefined, notCollected: { accessAnalyzer: 'AccessDeniedException' } })).notEvaluated).toBe(
      'The Access Analyzer list could not be read: AccessDeniedException',
    );
  });

  it('a trail whose status was not collected: not evaluated, saying so', () => {
    const r = run('cloudtrail-not-logging', accountFixture({ trails: [goodTrail({ status: undefined })] }));
    expect(r.notEvaluated).toBe('No trail is confirmed to log management events and the status of trail management-events was not collected.');
  });
});

describe('cloudtrail-not-logging: event selectors', () => {
  const withSelectors = (eventSelectors: NonNullable<ReturnType<typeof goodTrail>['eventSelectors']>) => run('cloudtrail-not-logging', accountFixture({ trails: [goodTrail({ eventSelectors })] }));
  it('advanced selectors limited to another service’s events do not record IAM', () => {
    const r = withSelectors({ AdvancedEventSelectors: [{ Name: 'S3 only', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', Equals: ['s3.amazonaws.com'] }] }] });
    expect(r.hits.map((h) => h.message)).toEqual([expect.stringContaining('trail management-events: its advanced event selectors record no write management events for IAM')]);
    expect(withSelectors({ AdvancedEventSelectors: [{ Name: 'IAM', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', Equals: ['iam.amazonaws.com'] }] }] }).hits).toEqual([]);
  });

  it('one basic selector recording writes is enough, beside a read-only one', () => {
    expect(withSelectors({ EventSelectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }, { ReadWriteType: 'All', IncludeManagementEvents: true }] }).hits).toEqual([]);
    expect(withSelectors({ EventSelectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }] }).hits).toHaveLength(1);
  });
});

describe('credential report rules', () => {
  const limit = DEFAULT_CONFIG.thresholds.credentialsUnusedDays;

  it('access-key-not-rotated: two old keys are "active access keys"', () => {
    const row = credRow('bob', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(200), access_key_2_active: 'true', access_key_2_last_rotated: daysAgo(150) });
    const [h] = run('access-key-not-rotated', accountFixture({ users: [iamUser('bob')], credentialReport: rows(row) })).hits;
    expect(h.message).toMatch(/^IAM user bob has active access keys older than 90 days \(key 1: 200 days, created .+; key 2: 150 days, created .+\)\./);
  });

  it('credentials-unused: a console password never used counts from its last change, else from the user’s creation', () => {
    const unused = (fields: Parameters<typeof credRow>[1]) => run('credentials-unused', accountFixture({ users: [iamUser('bob')], credentialReport: rows(credRow('bob', { password_last_used: 'N/A', ...fields })) })).hits.map((h) => h.evidence?.unused);
    expect(unused({ password_last_changed: daysAgo(limit + 10), user_creation_time: daysAgo(400) })).toEqual([[`console password never used (user created ${daysAgo(400)})`]]);
    expect(unused({ password_last_changed: 'N/A', user_creation_time: daysAgo(400) })).toEqual([[`console password never used (user created ${daysAgo(400)})`]]);
    expect(unused({ password_last_changed: daysAgo(5), user_creation_time: daysAgo(400) })).toEqual([]);
    expect(unused({ password_last_changed: 'N/A', user_creation_time: daysAgo(5) })).toEqual([]);
  });

  it('credentials-unused: the threshold: a password last used limit − 1 or limit days ago is fine, limit + 1 is not', () => {
    const used = (days: number) => run('credentials-unused', accountFixture({ users: [iamUser('bob')], credentialReport: rows(credRow('bob', { password_last_used: daysAgo(days) })) })).hits.length;
    expect([used(limit - 1), used(limit), used(limit + 1)]).toEqual([0, 0, 1]);
  });

  it('credentials-unused: a password and a key unused, both listed; users without credentials are not checked', () => {
    const stale = credRow('bob', { password_last_used: daysAgo(limit + 5), access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(300), access_key_1_last_used_date: daysAgo(limit + 1) });
    const none = credRow('svc', { password_enabled: 'false' });
    const r = run('credentials-unused', accountFixture({ users: [iamUser('bob'), iamUser('svc')], credentialReport: rows(stale, none) }));
    expect(r.checked).toBe(1);
    expect(r.hits.map((h) => h.message)).toEqual([
      expect.stringContaining(`has credentials unused for more than ${limit} days: console password last used ${daysAgo(limit + 5)}; access key 1 last used ${daysAgo(limit + 1)}.`),
    ]);
  });
});

describe('password-policy-weak', () => {
  it('no maximum age (ExpirePasswords absent or false): passwords never expire', () => {
    const base = accountFixture().passwordPolicy;
    if (!base) throw new Error('fixture has a policy');
    const { MaxPasswordAge: _age, ExpirePasswords: _exp, ...rest } = base;
    for (const p of [rest, { ...rest, ExpirePasswords: false }]) {
      const [h] = run('password-policy-weak', accountFixture({ passwordPolicy: p })).hits;
      expect(h.message).toContain('passwords never expire (needs a maximum age of 90 days)');
    }
  });
});

describe('policy-admin-statement', () => {
  const run1 = (doc: ReturnType<typeof policy>, attached = 1) => run('policy-admin-statement', accountFixture({ policies: [customerPolicy('wide', doc, { AttachmentCount: attached })] })).hits;
  const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };

  it('a Deny of everything is not an admin statement', () => {
    expect(run1(policy({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }))).toEqual([]);
  });

  it('medium only when every admin statement is conditional, or the policy is unattached', () => {
    const both = policy({ Version: '2012-10-17', Statement: [{ Sid: 'Mfa', Effect: 'Allow', Action: '*', Resource: '*', Condition: mfa }, { Sid: 'Plain', Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(run1(both).map((h) => h.severity)).toEqual([undefined]);
    expect(run1(allow('*', '*', mfa)).map((h) => h.severity)).toEqual(['medium']);
    expect(run1(allow('*'), 0).map((h) => h.severity)).toEqual(['medium']);
    expect(run1(allow('*'), 1).map((h) => h.severity)).toEqual([undefined]);
  });
});

describe('lists of several items', () => {
  it('policy-service-wildcard names every statement', () => {
    const doc = policy({ Version: '2012-10-17', Statement: [{ Sid: 'S3', Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Sid: 'Ec2', Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] });
    const [h] = run('policy-service-wildcard', accountFixture({ policies: [customerPolicy('ops', doc)] })).hits;
    expect(h.message).toContain('allows every action of several services: s3:*, ec2:* (statements S3, Ec2)');
  });

  it('user-direct-policy names attached and inline policies apart', () => {
    const u = iamUser('bob', { AttachedManagedPolicies: [awsPolicyRef('ReadOnlyAccess')], UserPolicyList: [{ PolicyName: 'extra', document: allow('s3:GetObject') }] });
    const [h] = run('user-direct-policy', accountFixture({ users: [u] })).hits;
    expect(h.message).toBe('IAM user bob has policies of its own (attached: ReadOnlyAccess; inline: extra) instead of getting permissions from a group.');
  });
});

describe('support-role-missing', () => {
  it('AWSSupportAccess attached somewhere the snapshot did not list still counts', () => {
    const support = { PolicyName: 'AWSSupportAccess', Arn: 'arn:aws:iam::aws:policy/AWSSupportAccess', Path: '/', DefaultVersionId: 'v1', AttachmentCount: 1, IsAttachable: true };
    expect(run('support-role-missing', accountFixture({ roles: [], policies: [support] })).hits).toEqual([]);
    expect(run('support-role-missing', accountFixture({ roles: [], policies: [{ ...support, AttachmentCount: 0 }] })).hits.map((h) => h.resource)).toEqual([A]);
  });
});

describe('root-used-recently', () => {
  it('a credential report without the <root_account> row: not evaluated, saying so', () => {
    const account = accountFixture();
    if (!account.credentialReport) throw new Error('fixture has a report');
    const noRoot = { ...account, credentialReport: { ...account.credentialReport, rows: account.credentialReport.rows.filter((r) => r.user !== '<root_account>') } };
    const r = run('root-used-recently', noRoot);
    expect([r.checked, r.hits, r.notEvaluated]).toEqual([0, [], 'The credential report has no <root_account> row.']);
  });
});
