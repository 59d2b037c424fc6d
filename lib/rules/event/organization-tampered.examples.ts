import type { EventExamples } from '../types';
import { envelope, record, roleIdentity, userIdentity } from '../../../test/support/event-records';

const org = (eventName: string, requestParameters: unknown, who: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  envelope(record({ eventName, eventSource: 'organizations.amazonaws.com', userIdentity: who, requestParameters, ...extra }));

/** Pass and fail examples of `organization-tampered`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    { name: 'LeaveOrganization', expect: { severity: 'high', resource: '111122223333' }, input: org('LeaveOrganization', null, roleIdentity('Admin', 'mallory')) },
    {
      name: 'LeaveOrganization refused by an SCP',
      expect: { severity: 'high', resource: '111122223333' },
      input: org('LeaveOrganization', null, userIdentity('mallory'), {
        errorCode: 'AccessDeniedException',
        errorMessage: 'You don\'t have permissions to access this resource.',
      }),
    },
    { name: 'SCP detached from the account', expect: { severity: 'medium', resource: 'p-a1b2c3d4' }, input: org('DetachPolicy', { policyId: 'p-a1b2c3d4', targetId: '111122223333' }, roleIdentity('OrganizationAdmin', 'mallory')) },
    { name: 'SCP policy type disabled', expect: { severity: 'medium', resource: 'r-a1b2' }, input: org('DisablePolicyType', { rootId: 'r-a1b2', policyType: 'SERVICE_CONTROL_POLICY' }, roleIdentity('OrganizationAdmin', 'mallory')) },
  ],
  pass: [
    { name: 'AttachPolicy', input: org('AttachPolicy', { policyId: 'p-a1b2c3d4', targetId: '111122223333' }, roleIdentity('OrganizationAdmin', 'alice')) },
    { name: 'DescribeOrganization', input: org('DescribeOrganization', null, userIdentity('alice')) },
    {
      name: 'denied DetachPolicy (only LeaveOrganization is reported when refused)',
      input: org('DetachPolicy', { policyId: 'p-a1b2c3d4', targetId: '111122223333' }, userIdentity('mallory'), {
        errorCode: 'AccessDeniedException',
        errorMessage: 'You don\'t have permissions to access this resource.',
      }),
    },
  ],
};
