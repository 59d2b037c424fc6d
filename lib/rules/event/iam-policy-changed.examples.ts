import type { EventExamples } from '../types';
import { ADMIN_DOC, iamCall, roleIdentity, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `iam-policy-changed`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'DetachRolePolicy',
      expect: { severity: 'info', resource: 'arn:aws:iam::111122223333:role/ci-deploy' },
      input: iamCall('DetachRolePolicy', roleIdentity('Admin', 'alice'), { roleName: 'ci-deploy', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    },
    { name: 'DeletePolicyVersion', expect: { severity: 'info', resource: 'arn:aws:iam::111122223333:policy/team-data' }, input: iamCall('DeletePolicyVersion', userIdentity('alice'), { policyArn: 'arn:aws:iam::111122223333:policy/team-data', versionId: 'v2' }) },
    { name: 'PutUserPolicy granting "*" (also judged by other rules)', expect: { severity: 'info', resource: 'arn:aws:iam::111122223333:user/mallory' }, input: iamCall('PutUserPolicy', userIdentity('mallory'), { userName: 'mallory', policyName: 'x', policyDocument: ADMIN_DOC }) },
  ],
  pass: [
    { name: 'ListPolicies (read-only)', input: iamCall('ListPolicies', userIdentity('alice'), { scope: 'Local' }) },
    {
      name: 'denied DeleteRolePolicy (nothing changed)',
      input: iamCall('DeleteRolePolicy', userIdentity('mallory'), { roleName: 'ci-deploy', policyName: 'deploy' }, undefined, {
        errorCode: 'AccessDenied',
        errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: iam:DeleteRolePolicy on resource: role ci-deploy',
      }),
    },
  ],
};
