import type { EventExamples } from '../types';
import { iamCall, roleIdentity, rootIdentity, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `access-key-created`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'self key, requestParameters null',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:user/alice' },
      input: iamCall('CreateAccessKey', userIdentity('alice'), null, {
        accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', userName: 'alice', createDate: 'Nov 2, 2026, 9:14:27 AM' },
      }),
    },
    {
      name: 'self key for a user under a path, naming itself',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:user/data-team/bob' },
      input: iamCall('CreateAccessKey', userIdentity('bob', { path: 'data-team/' }), { userName: 'bob' }, {
        accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLF', status: 'Active', userName: 'bob', createDate: 'Nov 2, 2026, 9:14:27 AM' },
      }),
    },
  ],
  pass: [
    {
      name: 'key for another user (access-key-created-for-other-user)',
      input: iamCall('CreateAccessKey', userIdentity('alice'), { userName: 'bob' }, {
        accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLF', status: 'Active', userName: 'bob', createDate: 'Nov 2, 2026, 9:14:27 AM' },
      }),
    },
    {
      name: 'root key (root-access-key-created)',
      input: iamCall('CreateAccessKey', rootIdentity(), null, { accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', createDate: 'Nov 2, 2026, 9:14:27 AM' } }),
    },
    {
      name: 'role creates a key (always another identity)',
      input: iamCall('CreateAccessKey', roleIdentity('Deployer', 'ci-run-42'), { userName: 'svc-backup' }, {
        accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLG', status: 'Active', userName: 'svc-backup', createDate: 'Nov 2, 2026, 9:14:27 AM' },
      }),
    },
  ],
};
