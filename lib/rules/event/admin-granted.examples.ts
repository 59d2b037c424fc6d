import type { EventExamples } from '../types';
import { ADMIN_DOC, S3_READ_DOC, iamCall, roleIdentity, ssoIdentity, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `admin-granted`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'AdministratorAccess attached to a user',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/bob' },
      input: iamCall('AttachUserPolicy', userIdentity('alice'), { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    },
    {
      name: 'inline "*:*" put on a role',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:role/App' },
      input: iamCall('PutRolePolicy', roleIdentity('Deployer', 'ci-run-42'), { roleName: 'App', policyName: 'everything', policyDocument: ADMIN_DOC }),
    },
    {
      name: 'customer managed policy version made default, document looked up: Action *',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:policy/DataScience' },
      input: iamCall('SetDefaultPolicyVersion', userIdentity('mallory'), { policyArn: 'arn:aws:iam::111122223333:policy/DataScience', versionId: 'v3' }),
      enrichment: {
        policyDocuments: {
          'arn:aws:iam::111122223333:policy/DataScience#v3': { status: 'ok', value: { version: '2012-10-17', statements: [{ index: 0, effect: 'Allow', action: ['*'], resource: ['*'] }] } },
        },
      },
    },
    {
      name: 'user added to group "Admins" whose policies could not be read (offline)',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/bob' },
      input: iamCall('AddUserToGroup', userIdentity('alice'), { groupName: 'Admins', userName: 'bob' }),
      enrichment: { groupPolicies: { Admins: { status: 'unavailable', reason: 'offline: no AWS credentials' } } },
    },
    {
      name: 'customer managed policy attached, document unavailable (AccessDenied): medium, unverified',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:role/App' },
      input: iamCall('AttachRolePolicy', userIdentity('alice'), { roleName: 'App', policyArn: 'arn:aws:iam::111122223333:policy/app-permissions' }),
      enrichment: { policyDocuments: { 'arn:aws:iam::111122223333:policy/app-permissions': { status: 'unavailable', reason: 'AccessDenied' } } },
    },
  ],
  pass: [
    {
      name: 'least-privilege inline policy on a group',
      input: iamCall('PutGroupPolicy', userIdentity('alice'), { groupName: 'analysts', policyName: 's3-read', policyDocument: S3_READ_DOC }),
    },
    {
      name: 'user added to a read-only group (policies looked up)',
      input: iamCall('AddUserToGroup', userIdentity('alice'), { groupName: 'analysts', userName: 'bob' }),
      enrichment: {
        groupPolicies: {
          analysts: { status: 'ok', value: { groupName: 'analysts', attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], inlinePolicies: [], attachedDocuments: [] } },
        },
      },
    },
    {
      name: 'IAM Identity Center attaches AdministratorAccess to its own reserved role',
      input: iamCall(
        'AttachRolePolicy',
        roleIdentity('AWSServiceRoleForSSO', 'sso', { path: 'aws-service-role/sso.amazonaws.com/', invokedBy: 'sso.amazonaws.com' }),
        { roleName: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      ),
    },
    {
      name: 'denied attempt',
      input: iamCall('AttachUserPolicy', userIdentity('mallory'), { userName: 'mallory', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, null, {
        errorCode: 'AccessDenied',
        errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: iam:AttachUserPolicy on resource: user mallory',
      }),
    },
    { name: 'SSO admin adds a user to a group with no policies', input: iamCall('AddUserToGroup', ssoIdentity('AdministratorAccess', 'dave'), { groupName: 'newcomers', userName: 'erin' }), enrichment: { groupPolicies: { newcomers: { status: 'ok', value: { groupName: 'newcomers', attachedPolicyArns: [], inlinePolicies: [], attachedDocuments: [] } } } } },
  ],
};
