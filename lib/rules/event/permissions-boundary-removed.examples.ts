import type { EventExamples } from '../types';
import { iamCall, roleIdentity, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `permissions-boundary-removed`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    { name: 'admin removes a user boundary', expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/contractor-1' }, input: iamCall('DeleteUserPermissionsBoundary', userIdentity('alice'), { userName: 'contractor-1' }) },
    { name: 'role removes its own boundary', expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:role/DevRole' }, input: iamCall('DeleteRolePermissionsBoundary', roleIdentity('DevRole', 'bob'), { roleName: 'DevRole' }) },
  ],
  pass: [
    {
      name: 'boundary set (not removed)',
      input: iamCall('PutUserPermissionsBoundary', userIdentity('alice'), { userName: 'contractor-1', permissionsBoundary: 'arn:aws:iam::111122223333:policy/DevBoundary' }),
    },
    {
      name: 'denied removal',
      input: iamCall('DeleteRolePermissionsBoundary', roleIdentity('DevRole', 'bob'), { roleName: 'DevRole' }, null, {
        errorCode: 'AccessDenied',
        errorMessage: 'User: arn:aws:sts::111122223333:assumed-role/DevRole/bob is not authorized to perform: iam:DeleteRolePermissionsBoundary on resource: role DevRole',
      }),
    },
  ],
};
