import type { EventExamples } from '../types';
import { S3_READ_DOC, iamCall, roleIdentity, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `permissive-policy-change`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'AmazonS3FullAccess attached to a role',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:role/notebook-role' },
      input: iamCall('AttachRolePolicy', userIdentity('alice'), { roleName: 'notebook-role', policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }),
    },
    {
      name: 'inline dynamodb:* on a group',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:group/developers' },
      input: iamCall('PutGroupPolicy', roleIdentity('Deployer', 'ci-run-42'), {
        groupName: 'developers',
        policyName: 'dynamo-all',
        policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] }),
      }),
    },
  ],
  pass: [
    {
      name: 'least-privilege S3 read on a group',
      input: iamCall('PutGroupPolicy', userIdentity('alice'), { groupName: 'analysts', policyName: 's3-read', policyDocument: S3_READ_DOC }),
    },
    {
      name: 'ReadOnlyAccess attached to a group',
      input: iamCall('AttachGroupPolicy', userIdentity('alice'), { groupName: 'auditors', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    },
    {
      name: 'AdministratorAccess (reported by admin-granted, not here)',
      input: iamCall('AttachGroupPolicy', userIdentity('alice'), { groupName: 'admins', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    },
  ],
};
