import type { EventExamples } from '../types';
import { ACCOUNT, envelope, iamCall, record, rootIdentity, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `root-access-key-created`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'root creates its own key (requestParameters null)',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:root' },
      input: iamCall('CreateAccessKey', rootIdentity(), null, {
        accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', createDate: 'Nov 2, 2026, 9:14:27 AM' },
      }),
    },
    {
      name: 'root creates its key from the console (invokedBy set, requestParameters {})',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:root' },
      input: envelope(
        record({
          eventName: 'CreateAccessKey',
          eventSource: 'iam.amazonaws.com',
          userIdentity: rootIdentity({ invokedBy: 'signin.amazonaws.com' }),
          requestParameters: {},
          responseElements: { accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', createDate: 'Nov 2, 2026, 9:14:27 AM' } },
          userAgent: 'AWS Internal',
        }),
      ),
    },
  ],
  pass: [
    {
      name: 'IAM user creates own key',
      input: iamCall('CreateAccessKey', userIdentity('alice'), null, {
        accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', userName: 'alice', createDate: 'Nov 2, 2026, 9:14:27 AM' },
      }),
    },
    {
      name: 'root attempt refused',
      input: envelope(
        record({
          eventName: 'CreateAccessKey',
          eventSource: 'iam.amazonaws.com',
          userIdentity: rootIdentity(),
          requestParameters: null,
          errorCode: 'LimitExceededException',
          errorMessage: `Cannot exceed quota for AccessKeysPerUser: 2 (account ${ACCOUNT})`,
        }),
      ),
    },
  ],
};
