import type { EventExamples } from '../types';
import { S3_READ_DOC, iamCall, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `policy-attached-to-user`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'least-privilege inline policy put on a user',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:user/bob' },
      input: iamCall('PutUserPolicy', userIdentity('alice'), { userName: 'bob', policyName: 's3-read', policyDocument: S3_READ_DOC }),
    },
    {
      name: 'ReadOnlyAccess attached to a user under a path',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:user/carol' },
      input: iamCall('AttachUserPolicy', userIdentity('alice'), { userName: 'carol', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    },
  ],
  pass: [
    {
      name: 'policy attached to a group',
      input: iamCall('AttachGroupPolicy', userIdentity('alice'), { groupName: 'analysts', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    },
    {
      name: 'user added to a group',
      input: iamCall('AddUserToGroup', userIdentity('alice'), { groupName: 'analysts', userName: 'bob' }),
      enrichment: { groupPolicies: { analysts: { status: 'ok', value: { groupName: 'analysts', attachedPolicyArns: [], inlinePolicies: [], attachedDocuments: [] } } } },
    },
  ],
};
