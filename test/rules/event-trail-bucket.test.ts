/**
 * trail-bucket-tampered, branch by branch: lifecycle configurations CloudTrail records (rule lists with holes, several
 * rules, date expiries), bucket policy statements without a principal, unreadable policies and bucket names, and
 * the bucket policy the fix writes (issue 21: the surviving mutants of this rule were branches no example separated).
 */
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { cloudTrailWriteProblem, readLifecycle, trailBucketTampered } from '../../lib/rules/event/trail-bucket-tampered';
import { parsePolicyDocument } from '../../lib/policy/document';
import type { Json, JsonObject } from '../../lib/cloudtrail/types';
import { envelope, record, userIdentity } from '../support/event-records';

const A = '111122223333';
const BUCKET = 'org-trail-logs';
const cfg: Config = { ...DEFAULT_CONFIG, trailBuckets: [BUCKET] };
const s3 = (eventName: string, requestParameters: unknown) => envelope(record({ eventName, eventSource: 's3.amazonaws.com', userIdentity: userIdentity('mallory'), requestParameters }));
const run = (input: unknown, config: Config = cfg) => trailBucketTampered.evaluate(normalizeEvent(input), { config, enrichment: emptyEnrichment() });
const lifecycle = (Rule: Json | undefined): JsonObject => ({ bucketName: BUCKET, lifecycle: '', Host: `${BUCKET}.s3.us-east-1.amazonaws.com`, LifecycleConfiguration: Rule === undefined ? { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' } : { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/', Rule } });
const rule = (ID: string, expiration: Json): JsonObject => ({ ID, Status: 'Enabled', Filter: { Prefix: '' }, Expiration: expiration });

describe('lifecycle configurations', () => {
  it('a rule list with entries that are not objects: the readable rules are judged and the rest reported', () => {
    const r = readLifecycle(lifecycle([null, rule('short', { Days: 1 }), 'x']));
    expect(r.shortest).toEqual({ days: 1, rule: 'short', noncurrent: false });
    expect(r.unreadable).toEqual(['LifecycleConfiguration.Rule has entries that are not objects']);
  });

  it('a rule list with no rule object at all says so', () => {
    expect(readLifecycle(lifecycle([1, null])).unreadable).toEqual(['LifecycleConfiguration.Rule is a list without rule objects']);
    expect(readLifecycle(lifecycle(undefined)).unreadable).toEqual(['LifecycleConfiguration.Rule is missing']);
    const [h] = run(s3('PutBucketLifecycle', lifecycle([1])));
    expect(h.message).toContain('set a lifecycle configuration iam-guardian could not fully read (LifecycleConfiguration.Rule is a list without rule objects); check that logs are kept at least 365 days');
  });

  it('several long-enough rules: nothing to report (the shortest is kept, none is unreadable)', () => {
    const r = readLifecycle(lifecycle([rule('a', { Days: 400 }), rule('b', { Days: 500 }), rule('c', { Days: 366 })]));
    expect(r).toEqual({ shortest: { days: 366, rule: 'c', noncurrent: false }, unreadable: [] });
    expect(run(s3('PutBucketLifecycle', lifecycle([rule('a', { Days: 400 }), rule('b', { Days: 500 })])))).toEqual([]);
  });

  it('an expiry on a date (no Days) is not unreadable; the first date rule is named', () => {
    const r = readLifecycle(lifecycle([rule('first', { Date: '2027-01-01T00:00:00.000Z' }), rule('second', { Date: '2027-02-01T00:00:00.000Z' })]));
    expect(r).toEqual({ shortest: { days: 0, rule: 'first', noncurrent: false }, unreadable: [] });
    const [h] = run(s3('PutBucketLifecycle', lifecycle([rule('first', { Date: '2027-01-01T00:00:00.000Z' }), rule('second', { Date: '2027-02-01T00:00:00.000Z' })])));
    expect(h.message).toContain('set a lifecycle rule "first" that deletes the logs on a fixed date (less than the 365 days kept by policy)');
  });

  it('the retention threshold: 364 days is reported, 365 and 366 are not; one day is "1 day"', () => {
    const one = (days: number) => run(s3('PutBucketLifecycle', lifecycle(rule('r', { Days: days }))));
    expect(one(364).map((h) => h.message)).toEqual([
      `IAM user mallory changed CloudTrail log bucket ${BUCKET} at 2026-11-02T09:14:27Z: set a lifecycle rule "r" that deletes the logs after 364 days (less than the 365 days kept by policy).`,
    ]);
    expect(one(365)).toEqual([]);
    expect(one(366)).toEqual([]);
    expect(one(1)[0].message).toContain('deletes the logs after 1 day (less than');
    const noncurrent = run(s3('PutBucketLifecycle', lifecycle({ ID: 'v', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 1 } })));
    expect(noncurrent[0].message).toContain('deletes older versions of the logs after 1 day (less than');
  });

  it('Days that are not a number are reported with the rule', () => {
    expect(readLifecycle(lifecycle([rule('odd', { Days: 'soon' })])).unreadable).toEqual(['Expiration.Days of rule "odd" is a string']);
  });
});

describe('bucket policy statements', () => {
  const statements = (doc: unknown) => {
    const r = parsePolicyDocument(JSON.stringify(doc));
    if (!r.ok) throw new Error(r.error);
    return r.document.statements;
  };
  it('a statement without a principal does not let CloudTrail write, nor deny it', () => {
    expect(cloudTrailWriteProblem(statements({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*` }] }))).toBe(
      'no statement allows the cloudtrail.amazonaws.com service principal s3:PutObject any more',
    );
    expect(
      cloudTrailWriteProblem(
        statements({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Deny', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*` },
            { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/${A}/*` },
          ],
        }),
      ),
    ).toBeUndefined();
  });

  it('an unreadable bucket policy on a trail bucket is high and unverified', () => {
    const [h, ...rest] = run(s3('PutBucketPolicy', { bucketName: BUCKET, policy: [''], bucketPolicy: '{"Version": "2012-10-17", "Statement": [' }));
    expect(rest).toEqual([]);
    expect([h.severity, h.factors]).toEqual(['high', { unverified: true }]);
    expect(h.message).toContain('set a bucket policy iam-guardian could not read (policy document is not valid JSON');
  });

  it('the fix writes CloudTrail’s two statements for the bucket, and that policy lets CloudTrail write', () => {
    const [h] = run(s3('DeleteBucketPolicy', { bucketName: BUCKET }));
    const m = /printf '(\{.*\})\\n' (\S+) (\S+) (\S+) (\S+) (\S+) > cloudtrail-bucket-policy\.json/.exec(h.fix?.cli ?? '');
    if (!m) throw new Error(`no policy file in ${h.fix?.cli}`);
    const args = m.slice(2).map((a) => (a === '<account-id>' ? A : a));
    const json = m[1].replace(/%s/g, () => args.shift() ?? '');
    const doc = JSON.parse(json) as { Statement: { Sid: string; Resource: string }[] };
    expect(doc.Statement.map((s) => [s.Sid, s.Resource])).toEqual([
      ['AWSCloudTrailAclCheck', `arn:aws:s3:::${BUCKET}`],
      ['AWSCloudTrailWrite', `arn:aws:s3:::${BUCKET}/AWSLogs/${A}/*`],
    ]);
    expect(cloudTrailWriteProblem(statements(doc))).toBeUndefined();
  });
});

describe('unreadable bucket names', () => {
  it('are judged as possibly a trail bucket: high when trailBuckets names any, else medium', () => {
    for (const [config, severity] of [[cfg, 'high'], [DEFAULT_CONFIG, 'medium']] as const) {
      const [h, ...rest] = run(s3('DeleteBucket', { bucketName: null, Host: 's3.us-east-1.amazonaws.com' }), config);
      expect(rest).toEqual([]);
      expect([h.severity, h.resource, h.factors]).toEqual([severity, A, { unverified: true }]);
      expect(h.message).toContain("(the bucket's name could not be read (requestParameters.bucketName is null), so iam-guardian could not check which bucket it is");
      expect(h.evidence).toMatchObject({ bucket: null, unreadableTarget: 'requestParameters.bucketName is null', host: 's3.us-east-1.amazonaws.com' });
    }
  });
});
