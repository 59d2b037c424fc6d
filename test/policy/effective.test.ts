import { effectivePermissions } from '../../lib/policy/effective';
import { awsManagedPolicyDocument } from '../../lib/policy/managed';
import { allow, deny, doc } from './helpers';

const ALICE = 'arn:aws:iam::111111111111:user/alice';
const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe('effective permissions of a principal', () => {
  it('combines inline, attached and group policies, and says which source grants what', () => {
    const e = effectivePermissions({
      arn: ALICE,
      identityPolicies: [
        { source: 'inline:alice/s3', document: doc([allow('s3:GetObject', 'arn:aws:s3:::data/*')]) },
        { source: 'group:devs/arn:aws:iam::aws:policy/AWSLambda_FullAccess', document: awsManagedPolicyDocument('arn:aws:iam::aws:policy/AWSLambda_FullAccess')! },
        { source: 'group:devs/inline:kms', document: doc([allow('kms:*')]) },
      ],
      groups: ['arn:aws:iam::111111111111:group/devs'],
    });
    expect(e.adminEquivalent).toBe(false);
    expect(e.services.s3).toEqual({ Read: ['s3:GetObject'] });
    expect(e.sources['sensitive:kms-full']).toEqual(['group:devs/inline:kms']);
    expect(e.sources['escalation:PassExistingRoleToNewLambdaThenInvoke']).toEqual(['group:devs/arn:aws:iam::aws:policy/AWSLambda_FullAccess']);
    expect(e.sources['full-access:lambda']).toEqual(['group:devs/arn:aws:iam::aws:policy/AWSLambda_FullAccess']);
  });

  it('an admin policy via a group is admin, sourced to it', () => {
    const e = effectivePermissions({ arn: ALICE, identityPolicies: [{ source: `group:admins/${ADMIN_ARN}`, document: awsManagedPolicyDocument(ADMIN_ARN)! }] });
    expect(e.adminEquivalent).toBe(true);
    expect(e.sources.admin).toEqual([`group:admins/${ADMIN_ARN}`]);
  });

  it('the permissions boundary intersects: AdministratorAccess under an S3-only boundary grants S3 only', () => {
    const e = effectivePermissions({
      arn: ALICE,
      identityPolicies: [{ source: ADMIN_ARN, document: awsManagedPolicyDocument(ADMIN_ARN)! }],
      boundary: doc([allow('s3:*')]),
    });
    expect(e.adminEquivalent).toBe(false);
    expect(Object.keys(e.services)).toEqual(['s3']);
    expect(e.escalations).toEqual([]);
    expect(e.fullAccessServices).toEqual(['s3']);
  });

  it('an explicit Deny in any policy subtracts from all of them', () => {
    const e = effectivePermissions({
      arn: ALICE,
      identityPolicies: [
        { source: ADMIN_ARN, document: awsManagedPolicyDocument(ADMIN_ARN)! },
        { source: 'inline:alice/deny-iam', document: doc([deny('iam:*'), deny('sts:AssumeRole')]) },
      ],
    });
    expect(e.adminEquivalent).toBe(false);
    expect(e.services.iam).toBeUndefined();
    expect(e.escalations.some((x) => x.actions.some((a) => a.startsWith('iam:')))).toBe(false);
  });

  it('PutUserPolicy on itself (by name) is a self-grant; the same on bob is not', () => {
    const self = effectivePermissions({ arn: ALICE, identityPolicies: [{ source: 'inline:alice/self', document: doc([allow('iam:PutUserPolicy', ALICE)]) }] });
    expect(self.adminEquivalent).toBe(true);
    expect(self.sources.admin).toEqual(['inline:alice/self']);
    const other = effectivePermissions({ arn: ALICE, identityPolicies: [{ source: 'inline:alice/bob', document: doc([allow('iam:PutUserPolicy', 'arn:aws:iam::111111111111:user/bob')]) }] });
    expect(other.adminEquivalent).toBe(false);
  });

  it('a user path does not hide it: user/team/alice matches ${aws:username}', () => {
    const e = effectivePermissions({ arn: 'arn:aws:iam::111111111111:user/team/alice', identityPolicies: [{ source: 'p', document: doc([allow('iam:AttachUserPolicy', 'arn:aws:iam::111111111111:user/team/${aws:username}')]) }] });
    expect(e.adminEquivalent).toBe(true);
  });

  it('CreatePolicyVersion on a policy attached to it makes it admin-equivalent', () => {
    const mine = 'arn:aws:iam::111111111111:policy/alice-policy';
    const e = effectivePermissions({ arn: ALICE, identityPolicies: [{ source: mine, document: doc([allow('iam:CreatePolicyVersion', mine)]) }], attachedPolicyArns: [mine] });
    expect(e.adminEquivalent).toBe(true);
    expect(e.adminReasons[0]).toContain(mine);
  });

  it('a role may assume-role chain: AttachRolePolicy + sts:AssumeRole on roles is an escalation', () => {
    const e = effectivePermissions({ arn: 'arn:aws:iam::111111111111:role/ci', identityPolicies: [{ source: 'p', document: doc([allow(['iam:AttachRolePolicy', 'sts:AssumeRole'], 'arn:aws:iam::111111111111:role/deploy-*')]) }] });
    expect(e.escalations.map((x) => x.method)).toEqual(['AttachRolePolicy']);
    expect(e.escalations[0].resources).toEqual(['arn:aws:iam::111111111111:role/deploy-*']);
  });
});
