import type { PostureExamples } from '../types';
import { accountFixture } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `access-analyzer-disabled`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'no analyzer', expect: { severity: 'medium', resource: '111122223333' }, account: accountFixture({ analyzers: [] }) },
    {
      name: 'only an unused-access analyzer, and a disabled external one',
      expect: { severity: 'medium', resource: '111122223333' },
      account: accountFixture({
        analyzers: [
          { name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE' },
          { name: 'old', type: 'ACCOUNT', status: 'DISABLED' },
        ],
      }),
    },
  ],
  pass: [
    { name: 'active account analyzer', account: accountFixture() },
    { name: 'active organization analyzer', account: accountFixture({ analyzers: [{ name: 'org', type: 'ORGANIZATION', status: 'ACTIVE' }] }) },
  ],
};
