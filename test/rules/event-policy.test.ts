/** Permission grants and trust changes: admin / full-access / escalation / direct-to-user / trust, with and without enrichment. */
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment, type Enrichment } from '../../lib/cloudtrail/enrichment-types';
import { offlineEnrichment } from '../../lib/cloudtrail/enrich';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { EVENT_RULES } from '../../lib/rules/event';
import type { RuleHit } from '../../lib/rules/types';
import { parsePolicyDocument, type PolicyDocument } from '../../lib/policy/document';
import { ADMIN_DOC, S3_READ_DOC, iamCall, roleIdentity, userIdentity } from '../support/event-records';

function run(input: unknown, enrichment?: Partial<Enrichment>, config: Config = DEFAULT_CONFIG): Record<string, RuleHit[]> {
  const ev = normalizeEvent(input);
  const out: Record<string, RuleHit[]> = {};
  // The info audit trail (iam-policy-changed) records every policy change; these tests are about the judging rules.
  for (const r of EVENT_RULES.filter((x) => x.id !== 'iam-policy-changed')) {
    const h = r.evaluate(ev, { config, enrichment: { ...emptyEnrichment(), ...enrichment } });
    if (h.length) out[r.id] = h;
  }
  return out;
}
function doc(json: unknown): PolicyDocument {
  const r = parsePolicyDocument(json);
  if (!r.ok) throw new Error(r.error);
  return r.document;
}
const trust = (statement: Record<string, unknown>): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

describe('AWS managed policies judged offline from the bundled table', () => {
  it('AdministratorAccess to a user: admin-granted high + policy-attached-to-user, factors set', () => {
    const r = run(iamCall('AttachUserPolicy', userIdentity('alice'), { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    expect(Object.keys(r).sort()).toEqual(['admin-granted', 'policy-attached-to-user']);
    expect(r['admin-granted'][0].severity).toBe('high');
    expect(r['admin-granted'][0].factors).toEqual({ grantToUser: true, adminEquivalent: true });
    expect(r['admin-granted'][0].resource).toBe('arn:aws:iam::111122223333:user/bob');
    expect(r['admin-granted'][0].fix?.cli).toBe('aws iam detach-user-policy --user-name bob --policy-arn arn:aws:iam::aws:policy/AdministratorAccess');
    expect(r['policy-attached-to-user'][0].severity).toBe('medium');
  });

  it('AdministratorAccess to a group: admin-granted only (no per-user finding)', () => {
    const r = run(iamCall('AttachGroupPolicy', userIdentity('alice'), { groupName: 'admins', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    expect(Object.keys(r)).toEqual(['admin-granted']);
    expect(r['admin-granted'][0].factors?.grantToUser).toBeUndefined();
  });

  it('IAMFullAccess is admin-equivalent (can grant itself anything)', () => {
    const r = run(iamCall('AttachRolePolicy', userIdentity('alice'), { roleName: 'ops', policyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' }));
    expect(r['admin-granted']?.[0].severity).toBe('high');
  });

  it('AmazonS3FullAccess: permissive, not admin', () => {
    const r = run(iamCall('AttachRolePolicy', userIdentity('alice'), { roleName: 'nb', policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));
    expect(Object.keys(r)).toEqual(['permissive-policy-change']);
    expect(r['permissive-policy-change'][0].message).toMatch(/s3/);
  });

  it('ReadOnlyAccess on a group: nothing', () => {
    expect(run(iamCall('AttachGroupPolicy', userIdentity('alice'), { groupName: 'auditors', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }))).toEqual({});
  });

  it('an AWS managed service-role policy outside the table on a role: low note, not an alert', () => {
    const r = run(iamCall('AttachRolePolicy', userIdentity('alice'), { roleName: 'ecs-task-exec', policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }));
    expect(r['admin-granted']?.[0].severity).toBe('low');
    expect(r['admin-granted']?.[0].factors?.unverified).toBeUndefined();
    expect(r['admin-granted']?.[0].message).toMatch(/not checked/);
    // the same policy put directly on a user is not the service-role pattern: medium, unverified
    const u = run(iamCall('AttachUserPolicy', userIdentity('alice'), { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }));
    expect(u['admin-granted']?.[0].severity).toBe('medium');
  });

  it('an AWS managed policy outside the table: medium, unverified, says so', () => {
    const r = run(iamCall('AttachRolePolicy', userIdentity('alice'), { roleName: 'app', policyArn: 'arn:aws:iam::aws:policy/AWSSomeNewServicePolicy' }));
    expect(r['admin-granted']?.[0].severity).toBe('medium');
    expect(r['admin-granted']?.[0].factors?.unverified).toBe(true);
    expect(r['admin-granted']?.[0].message).toMatch(/not in the bundled table/);
  });
});

describe('customer managed policies and enrichment', () => {
  const arn = 'arn:aws:iam::111122223333:policy/team-policy';
  const attach = iamCall('AttachGroupPolicy', userIdentity('alice'), { groupName: 'developers', policyArn: arn });

  it('document looked up, admin → high', () => {
    const r = run(attach, { policyDocuments: { [arn]: { status: 'ok', value: doc(ADMIN_DOC) } } });
    expect(r['admin-granted'][0].severity).toBe('high');
  });

  it('document looked up, least privilege → no finding (grant through a group)', () => {
    expect(run(attach, { policyDocuments: { [arn]: { status: 'ok', value: doc(S3_READ_DOC) } } })).toEqual({});
  });

  it('lookup failed (offline) → at least medium, names the reason', () => {
    const ev = normalizeEvent(attach);
    const r = run(attach, offlineEnrichment(ev));
    expect(r['admin-granted'][0].severity).toBe('medium');
    expect(r['admin-granted'][0].message).toMatch(/offline: no AWS credentials/);
    expect(r['admin-granted'][0].factors?.unverified).toBe(true);
  });

  it('lookup failed for a policy whose name suggests admin → treated as admin (high)', () => {
    const adminArn = 'arn:aws:iam::111122223333:policy/AdminPolicy';
    const r = run(iamCall('AttachUserPolicy', userIdentity('alice'), { userName: 'bob', policyArn: adminArn }), {
      policyDocuments: { [adminArn]: { status: 'unavailable', reason: 'AccessDenied' } },
    });
    expect(r['admin-granted'][0].severity).toBe('high');
    expect(r['admin-granted'][0].message).toMatch(/AccessDenied/);
  });

  it('SetDefaultPolicyVersion reads the `${arn}#${versionId}` document', () => {
    const input = iamCall('SetDefaultPolicyVersion', userIdentity('mallory'), { policyArn: arn, versionId: 'v4' });
    expect(run(input, { policyDocuments: { [`${arn}#v4`]: { status: 'ok', value: doc(S3_READ_DOC) } } })).toEqual({});
    expect(run(input, { policyDocuments: { [`${arn}#v4`]: { status: 'ok', value: doc(ADMIN_DOC) } } })['admin-granted'][0].severity).toBe('high');
    // the default-version document is not the one that was made default
    expect(run(input, { policyDocuments: { [arn]: { status: 'ok', value: doc(S3_READ_DOC) } } })['admin-granted'][0].severity).toBe('medium');
  });

  it('CreatePolicyVersion without setAsDefault: lower severity, says it is not in effect', () => {
    const live = run(iamCall('CreatePolicyVersion', userIdentity('alice'), { policyArn: arn, policyDocument: ADMIN_DOC, setAsDefault: true }));
    const pending = run(iamCall('CreatePolicyVersion', userIdentity('alice'), { policyArn: arn, policyDocument: ADMIN_DOC, setAsDefault: false }));
    expect(live['admin-granted'][0].severity).toBe('high');
    expect(pending['admin-granted'][0].severity).toBe('medium');
    expect(pending['admin-granted'][0].message).toMatch(/not in effect/);
  });

  it('CreatePolicy with "*": medium (not attached yet), resource = the new policy ARN with its path', () => {
    const r = run(
      iamCall('CreatePolicy', userIdentity('alice'), { policyName: 'everything', path: '/team/', policyDocument: ADMIN_DOC }, {
        policy: { policyName: 'everything', policyId: 'ANPAEXAMPLE', arn: 'arn:aws:iam::111122223333:policy/team/everything', path: '/team/', defaultVersionId: 'v1', attachmentCount: 0, isAttachable: true },
      }),
    );
    expect(r['admin-granted'][0].severity).toBe('medium');
    expect(r['admin-granted'][0].resource).toBe('arn:aws:iam::111122223333:policy/team/everything');
  });
});

describe('AddUserToGroup', () => {
  const add = (group: string) => iamCall('AddUserToGroup', userIdentity('alice'), { groupName: group, userName: 'bob' });
  it('offline, admin-sounding group → high (treated as admin), other group → medium', () => {
    for (const g of ['Administrators', 'admins', 'PowerUsers', 'ops-admin']) {
      const r = run(add(g), offlineEnrichment(normalizeEvent(add(g))));
      expect([g, r['admin-granted']?.[0].severity]).toEqual([g, 'high']);
    }
    const r = run(add('analysts'), offlineEnrichment(normalizeEvent(add('analysts'))));
    expect(r['admin-granted'][0].severity).toBe('medium');
  });
  it('group with AdministratorAccess (looked up) → high, no grantToUser factor', () => {
    const r = run(add('team'), {
      groupPolicies: { team: { status: 'ok', value: { groupName: 'team', attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'], inlinePolicies: [], attachedDocuments: [] } } },
    });
    expect(r['admin-granted'][0].severity).toBe('high');
    expect(r['admin-granted'][0].factors?.grantToUser).toBeUndefined();
    expect(r['admin-granted'][0].fix?.cli).toBe('aws iam remove-user-from-group --user-name bob --group-name team');
  });
  it('group with an inline escalation policy (looked up) → privilege-escalation-granted', () => {
    const r = run(add('helpdesk'), {
      groupPolicies: {
        helpdesk: {
          status: 'ok',
          value: { groupName: 'helpdesk', attachedPolicyArns: [], inlinePolicies: [{ name: 'keys', document: doc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' }] }) }], attachedDocuments: [] },
        },
      },
    });
    expect(Object.keys(r)).toEqual(['privilege-escalation-granted']);
  });
});

describe('failed and AWS-managed changes', () => {
  it('a denied admin grant only yields denied-sensitive-call', () => {
    const r = run(
      iamCall('AttachUserPolicy', userIdentity('mallory'), { userName: 'mallory', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, null, {
        errorCode: 'AccessDenied',
        errorMessage: 'not authorized',
      }),
    );
    expect(Object.keys(r)).toEqual(['denied-sensitive-call']);
    expect(r['denied-sensitive-call'][0].severity).toBe('low');
    expect(r['denied-sensitive-call'][0].factors?.failedAttempt).toBe(true);
  });
  it('Identity Center reserved roles are never flagged', () => {
    const r = run(iamCall('PutRolePolicy', roleIdentity('AWSServiceRoleForSSO', 's', { path: 'aws-service-role/sso.amazonaws.com/' }), { roleName: 'AWSReservedSSO_Admin_0123456789abcdef', policyName: 'AwsSSOInlinePolicy', policyDocument: ADMIN_DOC }));
    expect(r).toEqual({});
  });
});

describe('trust policies', () => {
  it('public trust is critical and not also reported as external', () => {
    const r = run(iamCall('UpdateAssumeRolePolicy', userIdentity('m'), { roleName: 'App', policyDocument: trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }) }));
    expect(Object.keys(r)).toEqual(['trust-policy-public']);
    expect(rulesSeverity('trust-policy-public')).toBe('critical');
  });
  it('an external account is fine when listed in trustedAccounts', () => {
    const input = iamCall('UpdateAssumeRolePolicy', userIdentity('m'), { roleName: 'App', policyDocument: trust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:role/ci' }, Action: 'sts:AssumeRole' }) });
    expect(Object.keys(run(input))).toEqual(['trust-policy-external']);
    expect(run(input, undefined, { ...DEFAULT_CONFIG, trustedAccounts: ['444455556666'] })).toEqual({});
  });
  it('an allow-listed role is skipped when AWS automation changes it, reported when a person does', () => {
    const doc = trust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' });
    const byStackSets = iamCall('UpdateAssumeRolePolicy', roleIdentity('stacksets-exec-0123456789abcdef', 'provision'), { roleName: 'AWSControlTowerExecution', policyDocument: doc });
    const byPerson = iamCall('UpdateAssumeRolePolicy', userIdentity('mallory'), { roleName: 'AWSControlTowerExecution', policyDocument: doc });
    expect(run(byStackSets)).toEqual({});
    expect(Object.keys(run(byPerson))).toEqual(['trust-policy-external']);
    const adminByPerson = iamCall('AttachRolePolicy', userIdentity('mallory'), { roleName: 'OrganizationAccountAccessRole', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    expect(Object.keys(run(adminByPerson))).toEqual(['admin-granted']);
  });

  it('role ARN keeps the path from the request / response', () => {
    const r = run(iamCall('CreateRole', userIdentity('m'), { roleName: 'x', path: '/vendors/', assumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole' }) }));
    expect(r['trust-policy-external'][0].resource).toBe('arn:aws:iam::111122223333:role/vendors/x');
  });
  it('an unparseable trust document is reported by unparseable-event only', () => {
    const r = run(iamCall('CreateRole', userIdentity('m'), { roleName: 'x', assumeRolePolicyDocument: '{"Statement": [' }));
    expect(Object.keys(r)).toEqual(['unparseable-event']);
    expect(r['unparseable-event'][0].message).toMatch(/assumeRolePolicyDocument/);
    expect(r['unparseable-event'][0].resource).toBe('arn:aws:iam::111122223333:role/x');
  });
});

function rulesSeverity(id: string): string | undefined {
  return EVENT_RULES.find((r) => r.id === id)?.severity;
}
