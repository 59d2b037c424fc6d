/** Bad input never crashes a rule; failed calls fire only the rules meant for them. */
import fc from 'fast-check';
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { EVENT_RULES } from '../../lib/rules/event';
import { isSeverity } from '../../lib/findings/types';
import { envelope, record, rootIdentity, userIdentity } from '../support/event-records';
import { examplesOf } from '../support/rule-examples';

const ctx = { config: DEFAULT_CONFIG, enrichment: emptyEnrichment() };

/** Rules allowed to fire on a failed call. */
const FAILED_OK = new Set(['root-sign-in-failed', 'root-activity', 'denied-sensitive-call', 'unparseable-event', 'console-sign-in-attack']);

function withDenied(input: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
  const rec = (copy.detail ?? copy) as Record<string, unknown>;
  rec.errorCode = 'AccessDenied';
  rec.errorMessage = 'User is not authorized to perform this action';
  rec.responseElements = null;
  return copy;
}

describe('failed calls', () => {
  const cases = EVENT_RULES.filter((r) => !FAILED_OK.has(r.id)).flatMap((r) => examplesOf(r).fail.map((ex) => [r.id, ex.name, ex.input] as const));
  it.each(cases)('%s — %s, refused: only failure rules fire', (_id, _name, input) => {
    const ev = normalizeEvent(withDenied(input));
    expect(ev.failed).toBe(true);
    const fired = EVENT_RULES.filter((r) => r.evaluate(ev, ctx).length > 0).map((r) => r.id);
    // A refused LeaveOrganization is itself the signal (organization-tampered reports it, high).
    const ok = (id: string) => FAILED_OK.has(id) || (id === 'organization-tampered' && ev.eventName === 'LeaveOrganization');
    expect(fired.filter((id) => !ok(id))).toEqual([]);
  });

  // iam-policy-changed is the info audit trail of changes made; a refused call changed nothing.
  it.each(cases.filter(([id]) => id !== 'root-sign-in' && id !== 'root-credentials-changed' && id !== 'root-access-key-created' && id !== 'user-sign-in-without-mfa' && id !== 'iam-policy-changed'))(
    '%s — %s, refused: denied-sensitive-call or root-activity reports the attempt',
    (_id, _name, input) => {
      const ev = normalizeEvent(withDenied(input));
      const fired = EVENT_RULES.filter((r) => r.evaluate(ev, ctx).length > 0).map((r) => r.id);
      const reporters = ev.eventName === 'LeaveOrganization' ? ['organization-tampered'] : ['denied-sensitive-call', 'root-activity'];
      expect(fired.some((id) => reporters.includes(id))).toBe(true);
    },
  );

  it('a refused root CreateAccessKey is still root activity', () => {
    const ev = normalizeEvent(withDenied(envelope(record({ eventName: 'CreateAccessKey', eventSource: 'iam.amazonaws.com', userIdentity: rootIdentity() }))));
    const fired = EVENT_RULES.filter((r) => r.evaluate(ev, ctx).length > 0).map((r) => r.id);
    expect(fired).toContain('root-activity');
    expect(fired).not.toContain('root-access-key-created');
  });
});

describe('arbitrary input', () => {
  const names = [...new Set(EVENT_RULES.flatMap((r) => r.eventNames).filter((n) => n !== '*')), 'ConsoleLogin', 'CreateUser'];
  const sources = ['iam.amazonaws.com', 'signin.amazonaws.com', 'cloudtrail.amazonaws.com', 'lambda.amazonaws.com', 'events.amazonaws.com', 'sns.amazonaws.com', 'dynamodb.amazonaws.com', 'monitoring.amazonaws.com'];
  const json = fc.jsonValue({ maxDepth: 3 });
  const identity = fc.oneof(
    fc.constant(rootIdentity()),
    fc.constant(rootIdentity({ assumedRoot: true })),
    fc.constant(userIdentity('alice', { path: 'x/' })),
    json,
    fc.constant(null),
  );
  const recordArb = fc.record(
    {
      eventVersion: fc.constant('1.09'),
      eventName: fc.oneof(fc.constantFrom(...names), json),
      eventSource: fc.oneof(fc.constantFrom(...sources), json),
      userIdentity: identity,
      requestParameters: fc.oneof(fc.constant(null), fc.dictionary(fc.constantFrom('userName', 'roleName', 'groupName', 'policyArn', 'policyDocument', 'assumeRolePolicyDocument', 'name', 'functionName', 'trailName', 'eventSelectors', 'topicArn', 'alarmNames', 'setAsDefault', 'versionId', 'minimumPasswordLength'), json)),
      responseElements: fc.oneof(fc.constant(null), json),
      additionalEventData: json,
      errorCode: fc.option(fc.constantFrom('AccessDenied', 'NoSuchEntity'), { nil: undefined }),
      eventID: fc.uuid(),
      recipientAccountId: fc.constant('111122223333'),
      eventType: fc.constantFrom('AwsApiCall', 'AwsConsoleSignIn', 'AwsServiceEvent'),
    },
    { requiredKeys: ['eventName', 'eventSource', 'eventID'] },
  );

  it('no rule throws, and every hit is well-formed', () => {
    fc.assert(
      fc.property(fc.oneof(recordArb, json), (input) => {
        const ev = normalizeEvent(input);
        for (const r of EVENT_RULES) {
          const hits = r.evaluate(ev, ctx);
          for (const h of hits) {
            if (typeof h.resource !== 'string' || h.resource === '') return false;
            if (typeof h.message !== 'string' || h.message.length < 10) return false;
            if (h.severity !== undefined && !isSeverity(h.severity)) return false;
            if (h.fix && !h.fix.cli.startsWith('aws ')) return false;
            JSON.stringify(h.evidence ?? {});
          }
        }
        return true;
      }),
      { numRuns: 1500 },
    );
  });

  it('values from events never break out of the fix command (shell quoting)', () => {
    const ev = normalizeEvent(
      envelope(
        record({
          eventName: 'CreateAccessKey',
          eventSource: 'iam.amazonaws.com',
          userIdentity: userIdentity('alice'),
          requestParameters: { userName: 'bob; rm -rf ~' },
          responseElements: { accessKey: { accessKeyId: 'AKIA$(id)', userName: 'bob; rm -rf ~', status: 'Active' } },
        }),
      ),
    );
    const h = EVENT_RULES.find((r) => r.id === 'access-key-created-for-other-user')?.evaluate(ev, ctx) ?? [];
    expect(h[0].fix?.cli).toBe("aws iam update-access-key --user-name 'bob; rm -rf ~' --access-key-id 'AKIA$(id)' --status Inactive");
  });
});
