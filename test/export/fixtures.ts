/** Findings for the export tests, and a fast-check arbitrary of valid Findings. */
import fc from 'fast-check';
import type { Finding } from '../../lib/findings/types';
import { SEVERITIES } from '../../lib/findings/types';
import { findingUid } from '../../lib/findings/finding';

export const ACCOUNT = '111122223333';

export function postureFinding(extra: Partial<Finding> = {}): Finding {
  const resource = `arn:aws:iam::${ACCOUNT}:user/alice`;
  return {
    uid: findingUid('access-key-not-rotated', ACCOUNT, resource),
    ruleId: 'access-key-not-rotated',
    kind: 'posture',
    severity: 'medium',
    status: 'open',
    account: ACCOUNT,
    resource,
    controls: ['IAM.3', 'CIS-1.14'],
    title: 'Access key not rotated in 90 days',
    message: 'The active access key AKIAEXAMPLE1 of user alice was created 212 days ago.',
    fix: {
      console: ['IAM > Users > alice > Security credentials: create a new access key', 'Update the applications, then deactivate and delete the old key'],
      cli: 'aws iam update-access-key --user-name alice --access-key-id AKIAEXAMPLE1 --status Inactive',
    },
    firstSeen: '2026-10-02T03:00:12.000Z',
    lastSeen: '2026-11-29T03:00:09.000Z',
    evidence: { accessKeyId: 'AKIAEXAMPLE1', ageDays: 212, lastRotated: '2026-04-30T10:11:12+00:00' },
    ...extra,
  };
}

export function eventFinding(extra: Partial<Finding> = {}): Finding {
  const resource = `arn:aws:iam::${ACCOUNT}:user/ci-deployer`;
  return {
    uid: findingUid('access-key-created-for-other-user', ACCOUNT, resource),
    ruleId: 'access-key-created-for-other-user',
    kind: 'event',
    severity: 'high',
    status: 'new',
    account: ACCOUNT,
    resource,
    controls: [],
    title: 'Access key created for another user',
    message: 'bob created an access key for user ci-deployer.',
    fix: { console: ['IAM > Users > ci-deployer > Security credentials: deactivate the key if unexpected'], cli: 'aws iam delete-access-key --user-name ci-deployer --access-key-id <key-id>' },
    firstSeen: '2026-11-29T10:15:00Z',
    lastSeen: '2026-11-29T10:15:00Z',
    evidence: { eventId: '3f1e6c9a-0b7d-4c1e-9a4e-1f2b3c4d5e6f', eventName: 'CreateAccessKey', actor: `arn:aws:iam::${ACCOUNT}:user/bob`, sourceIPAddress: '198.51.100.7' },
    ...extra,
  };
}

const iso = fc
  .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

const json: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  // (jest's toStrictEqual compares `.constructor`, so that key is left out of generated evidence)
  fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== 'constructor' && k !== '__proto__'),
  fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 })),
  { maxKeys: 5, noNullPrototype: true },
);

export const arbFinding: fc.Arbitrary<Finding> = fc
  .record({
    ruleId: fc.constantFrom('access-key-not-rotated', 'root-sign-in', 'admin-access', 'trust-policy-public', 'password-policy-weak'),
    kind: fc.constantFrom('event' as const, 'posture' as const),
    severity: fc.constantFrom(...SEVERITIES),
    status: fc.constantFrom('new' as const, 'open' as const, 'resolved' as const, 'suppressed' as const),
    account: fc.stringMatching(/^\d{12}$/),
    resource: fc.oneof(
      fc.stringMatching(/^\d{12}$/),
      fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,64}$/).map((n) => `arn:aws:iam::${ACCOUNT}:user/${n}`),
      fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,64}$/).map((n) => `arn:aws:iam::${ACCOUNT}:role/service/${n}`),
    ),
    controls: fc.array(fc.constantFrom('IAM.1', 'IAM.4', 'CIS-1.4', 'CIS-1.14', 'CloudTrail.1'), { maxLength: 3 }),
    title: fc.string({ minLength: 1, maxLength: 300 }),
    message: fc.string({ minLength: 1, maxLength: 1500 }),
    fix: fc.record({ console: fc.array(fc.string(), { maxLength: 3 }), cli: fc.string() }),
    firstSeen: iso,
    lastSeen: iso,
    resolvedAt: fc.option(iso, { nil: undefined }),
    evidence: json,
    suppression: fc.option(
      fc.record({ reason: fc.string({ minLength: 1 }), owner: fc.option(fc.string(), { nil: undefined }), expires: fc.constant('2027-01-01'), rule: fc.constant('*'), resource: fc.constant('*') }),
      { nil: undefined },
    ),
  })
  .map((r) => {
    const f: Finding = { ...r, uid: findingUid(r.ruleId, r.account, r.resource) };
    if (f.resolvedAt === undefined) delete f.resolvedAt;
    if (f.suppression === undefined) delete f.suppression;
    else if (f.suppression.owner === undefined) delete f.suppression.owner;
    // Plain objects (fast-check may build null-prototype ones), as a Finding read from JSON or built by code.
    return JSON.parse(JSON.stringify(f)) as Finding;
  });
