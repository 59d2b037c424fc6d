import type { PostureExamples } from '../types';
import { accountFixture } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `billing-access-unverified`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'no attestation', expect: { severity: 'info', resource: '111122223333' }, account: accountFixture() },
    { name: 'attestation present but not attested', expect: { severity: 'info', resource: '111122223333' }, account: accountFixture(), config: { attestations: { billingAccess: { attested: false, by: 'bob' } } } },
    { name: 'no attestation, empty account', expect: { severity: 'info', resource: '111122223333' }, account: accountFixture({ users: [], roles: [] }) },
  ],
  pass: [
    { name: 'attested in config', account: accountFixture(), config: { attestations: { billingAccess: { attested: true, by: 'alice', date: '2026-05-01' } } } },
    { name: 'attested without a name or date', account: accountFixture({ users: [] }), config: { attestations: { billingAccess: { attested: true } } } },
  ],
};
