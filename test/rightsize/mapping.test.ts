/**
 * The eventSource + eventName → IAM action mapping: on every sample event (events/), every rule example and the bench
 * archive generator's output, each pair maps to catalogued actions or is unmapped with a reason; the known mismatches
 * map to the permission AWS really checks.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { EVENT_OVERRIDES, SERVICE_ALIASES, isDataEventAction, mapCall, servicePrefix, undatedName } from '../../lib/rightsize/mapping';
import { actionIndex, getCatalog } from '../../lib/policy/catalog';
import { EVENT_RULES } from '../../lib/rules';
import { recordsOf, readEventFile } from '../../lib/cloudtrail/input';
import { examplesOf } from '../support/rule-examples';
import { generateArchive } from '../../bench/gen-archive';

const ROOT = join(__dirname, '..', '..');

type Rec = { eventSource?: unknown; eventName?: unknown; eventType?: unknown };

function bare(v: unknown): Rec {
  const o = (v ?? {}) as Record<string, unknown>;
  return (typeof o['detail-type'] === 'string' && o.detail && typeof o.detail === 'object' ? o.detail : o) as Rec;
}

/** Each distinct (source, name, type) → its mapping; fails on a mapped action that is not catalogued or an empty reason. */
function mapAll(records: unknown[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of records) {
    const r = bare(v);
    const m = mapCall(r.eventSource, r.eventName, r.eventType);
    const key = `${String(r.eventSource)} ${String(r.eventName)} ${String(r.eventType ?? 'AwsApiCall')}`;
    if (m.kind === 'mapped') {
      expect(m.actions.length).toBeGreaterThan(0);
      for (const a of m.actions) expect([key, a, actionIndex(a) >= 0]).toEqual([key, a, true]);
      out.set(key, m.actions.join(' + '));
    } else {
      expect(m.reason.length).toBeGreaterThan(10);
      out.set(key, `unmapped: ${m.reason}`);
    }
  }
  return out;
}

describe('every sample event and rule example', () => {
  const records: unknown[] = [];
  for (const f of readdirSync(join(ROOT, 'events')).filter((x) => x.endsWith('.json'))) records.push(...recordsOf(JSON.parse(readFileSync(join(ROOT, 'events', f), 'utf8'))));
  for (const rule of EVENT_RULES) {
    const ex = examplesOf(rule);
    for (const e of [...ex.fail, ...ex.pass]) records.push(...recordsOf(e.input));
  }

  it('maps to catalogued actions, or is listed unmapped with its reason', () => {
    expect(records.length).toBeGreaterThan(200);
    const m = mapAll(records);
    const unmapped = [...m].filter(([, v]) => v.startsWith('unmapped')).map(([k, v]) => `${k} → ${v.replace(/ \(.*$/, '')}`).sort();
    // The complete list: console sign-ins, calls that need no permission, an AWS service event, and a record
    // without eventSource (an unparseable-event example).
    expect(unmapped).toEqual([
      'kms.amazonaws.com RotateKey AwsServiceEvent → unmapped: an event AWS records for its own action',
      'signin.amazonaws.com ConsoleLogin AwsConsoleSignIn → unmapped: a console sign-in',
      'signin.amazonaws.com PasswordUpdated AwsConsoleSignIn → unmapped: a console sign-in',
      'sts.amazonaws.com GetCallerIdentity AwsApiCall → unmapped: GetCallerIdentity needs no permission',
      'sts.amazonaws.com GetSessionToken AwsApiCall → unmapped: GetSessionToken needs no permission: any IAM user with long-term keys may call it',
      'undefined undefined AwsApiCall → unmapped: the record has no eventSource or eventName string',
    ]);
    expect(m.get('iam.amazonaws.com AttachUserPolicy AwsApiCall')).toBe('iam:AttachUserPolicy');
    expect(m.get('s3.amazonaws.com DeleteAccountPublicAccessBlock AwsApiCall')).toBe('s3:PutAccountPublicAccessBlock');
  });
});

describe('the bench archive generator', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'iamg-rightsize-map-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every eventSource/eventName pair of its output maps or is unmapped with a reason', async () => {
    const info = await generateArchive(dir, 2);
    const records: unknown[] = [];
    for (const f of info.files) records.push(...(await readEventFile(f)));
    const m = mapAll(records);
    expect(m.size).toBeGreaterThanOrEqual(20);
    expect(m.get('monitoring.amazonaws.com PutMetricData AwsApiCall')).toBe('cloudwatch:PutMetricData');
    expect(m.get('lambda.amazonaws.com ListFunctions20150331 AwsApiCall')).toBe('lambda:ListFunctions');
    expect(m.get('s3.amazonaws.com ListBuckets AwsApiCall')).toBe('s3:ListAllMyBuckets');
    expect([...m].filter(([, v]) => v.startsWith('unmapped')).map(([k]) => k)).toEqual(['signin.amazonaws.com ConsoleLogin AwsConsoleSignIn']);
  }, 60_000);
});

describe('known mismatches', () => {
  it.each([
    ['s3.amazonaws.com', 'ListBuckets', ['s3:ListAllMyBuckets']],
    ['s3.amazonaws.com', 'ListObjectsV2', ['s3:ListBucket']],
    ['s3.amazonaws.com', 'HeadBucket', ['s3:ListBucket']],
    ['s3.amazonaws.com', 'HeadObject', ['s3:GetObject']],
    ['s3.amazonaws.com', 'CopyObject', ['s3:GetObject', 's3:PutObject']],
    ['s3.amazonaws.com', 'CompleteMultipartUpload', ['s3:PutObject']],
    ['s3.amazonaws.com', 'DeleteObjects', ['s3:DeleteObject']],
    ['s3.amazonaws.com', 'GetBucketLifecycle', ['s3:GetLifecycleConfiguration']],
    ['s3.amazonaws.com', 'DeleteBucketEncryption', ['s3:PutEncryptionConfiguration']],
    ['s3.amazonaws.com', 'GetBucketAccessControlPolicy', ['s3:GetBucketAcl']],
    ['monitoring.amazonaws.com', 'DescribeAlarms', ['cloudwatch:DescribeAlarms']],
    ['email.amazonaws.com', 'SendEmail', ['ses:SendEmail']],
    ['tagging.amazonaws.com', 'GetResources', ['tag:GetResources']],
    ['lambda.amazonaws.com', 'Invoke', ['lambda:InvokeFunction']],
    ['lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', ['lambda:UpdateFunctionConfiguration']],
    ['cloudfront.amazonaws.com', 'CreateDistribution2020_05_31', ['cloudfront:CreateDistribution']],
    ['kms.amazonaws.com', 'ReEncrypt', ['kms:ReEncryptFrom', 'kms:ReEncryptTo']],
    ['sts.amazonaws.com', 'AssumeRole', ['sts:AssumeRole']],
  ])('%s %s → %j', (source, name, actions) => {
    expect(mapCall(source, name)).toEqual({ kind: 'mapped', actions });
  });

  it.each([
    ['sts.amazonaws.com', 'GetCallerIdentity', 'AwsApiCall', /needs no permission/],
    ['sts.amazonaws.com', 'AssumeRoleWithWebIdentity', 'AwsApiCall', /trust policy decides/],
    ['signin.amazonaws.com', 'ConsoleLogin', 'AwsApiCall', /not authorised by an identity policy/],
    ['ec2.amazonaws.com', 'SharedSnapshotCopyInitiated', 'AwsServiceEvent', /AwsServiceEvent/],
    ['ec2.amazonaws.com', 'NoSuchCall', 'AwsApiCall', /no IAM action ec2:NoSuchCall in the action catalogue/],
    ['nosuchservice.amazonaws.com', 'DoIt', 'AwsApiCall', /no IAM service "nosuchservice"/],
    ['example.com', 'DoIt', 'AwsApiCall', /not an AWS service endpoint/],
  ])('%s %s (%s) is unmapped with its reason', (source, name, type, reason) => {
    const m = mapCall(source, name, type);
    expect(m.kind).toBe('unmapped');
    if (m.kind === 'unmapped') expect(m.reason).toMatch(reason);
  });

  it('every override and alias names catalogued actions and services', () => {
    const c = getCatalog();
    for (const [k, targets] of Object.entries(EVENT_OVERRIDES)) {
      expect(k).toBe(k.toLowerCase());
      for (const t of targets) expect([k, t, actionIndex(t) >= 0 && c.actions[actionIndex(t)].id === t]).toEqual([k, t, true]);
    }
    for (const [host, prefix] of Object.entries(SERVICE_ALIASES)) expect([host, c.serviceRanges.has(prefix)]).toEqual([host, true]);
  });

  it('strips dated API versions and aliases service hosts', () => {
    expect(undatedName('ListFunctions20150331')).toBe('ListFunctions');
    expect(undatedName('GetFunction20150331v2')).toBe('GetFunction');
    expect(undatedName('CreateDistribution2019_03_26')).toBe('CreateDistribution');
    expect(undatedName('DescribeInstances')).toBe('DescribeInstances');
    expect(servicePrefix('monitoring.amazonaws.com')).toBe('cloudwatch');
    expect(servicePrefix('evil\u001b.amazonaws.com')).toBeUndefined();
    expect(isDataEventAction('S3:GetObject')).toBe(true);
    expect(isDataEventAction('iam:CreateUser')).toBe(false);
  });

  it('never throws, and anything mapped is catalogued (any input)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.option(fc.string()), (src, name, type) => {
        const m = mapCall(src, name, type ?? undefined);
        if (m.kind === 'mapped') for (const a of m.actions) expect(actionIndex(a)).toBeGreaterThanOrEqual(0);
        else expect(m.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...getCatalog().services.slice(0, 60)), fc.string({ minLength: 1, maxLength: 30 }), (svc, name) => {
        const m = mapCall(`${svc}.amazonaws.com`, name);
        if (m.kind === 'mapped') for (const a of m.actions) expect(actionIndex(a)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});
