import type { EventExamples } from '../types';
import { iamCall, roleIdentity, rootIdentity, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `access-key-created-for-other-user`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'admin creates a key for another user',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/bob' },
      input: iamCall('CreateAccessKey', userIdentity('alice'), { userName: 'bob' }, {
        accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLF', status: 'Active', userName: 'bob', createDate: 'Nov 2, 2026, 9:14:27 AM' },
      }),
    },
    {
      name: 'role creates a key for a user',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/svc-backup' },
      input: iamCall('CreateAccessKey', roleIdentity('Deployer', 'ci-run-42'), { userName: 'svc-backup' }, {
        accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLG', status: 'Active', userName: 'svc-backup', createDate: 'Nov 2, 2026, 9:14:27 AM' },
      }),
    },
    {
      name: 'root creates a key for an IAM user',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/bob' },
      input: iamCall('CreateAccessKey', rootIdentity(), { userName: 'bob' }, {
        accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLH', status: 'Active', userName: 'bob', createDate: 'Nov 2, 2026, 9:14:27 AM' },
      }),
    },
  ],
  pass: [
    {
      name: 'self key',
      input: iamCall('CreateAccessKey', userIdentity('alice'), null, {
        accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', userName: 'alice', createDate: 'Nov 2, 2026, 9:14:27 AM' },
      }),
    },
    {
      name: 'self key of a path user naming itself in a different case',
      input: iamCall('CreateAccessKey', userIdentity('Bob', { path: 'data-team/' }), { userName: 'bob' }, {
        accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLF', status: 'Active', userName: 'Bob', createDate: 'Nov 2, 2026, 9:14:27 AM' },
      }),
    },
    {
      name: 'denied attempt (denied-sensitive-call)',
      input: iamCall('CreateAccessKey', userIdentity('mallory'), { userName: 'alice' }, null, {
        errorCode: 'AccessDenied',
        errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: iam:CreateAccessKey on resource: user alice because no identity-based policy allows the iam:CreateAccessKey action',
      }),
    },
  ],
};
