/**
 * resource-policy-opened, trail-bucket-tampered, logging-disabled, organization-tampered, iam-policy-changed beyond
 * their catalogue examples: configuration (trustedAccounts, trailBuckets, retention), record variants, and the event
 * severity when several rules judge one event.
 */
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { EVENT_RULES } from '../../lib/rules/event';
import type { RuleHit } from '../../lib/rules/types';
import { scoreEventFull } from '../../lib/engine/score-event';
import { ACCOUNT, envelope, iamCall, record, userIdentity } from '../support/event-records';

const cfg = (over: Partial<Config> = {}): Config => ({ ...DEFAULT_CONFIG, ...over, thresholds: { ...DEFAULT_CONFIG.thresholds, ...over.thresholds } });
function run(input: unknown, config: Config = DEFAULT_CONFIG): Record<string, RuleHit[]> {
  const ev = normalizeEvent(input);
  const out: Record<string, RuleHit[]> = {};
  for (const r of EVENT_RULES) {
    const h = r.evaluate(ev, { config, enrichment: emptyEnrichment() });
    if (h.length) out[r.id] = h;
  }
  return out;
}
const call = (eventSource: string, eventName: string, requestParameters: unknown, extra: Record<string, unknown> = {}) =>
  envelope(record({ eventName, eventSource, userIdentity: userIdentity('mallory'), requestParameters, ...extra }));
const s3 = (eventName: string, rp: Record<string, unknown>) => call('s3.amazonaws.com', eventName, { ...rp, Host: 's3.amazonaws.com' });
const policy = (...st: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement: st });

describe('resource-policy-opened', () => {
  const kms = (p: unknown) => call('kms.amazonaws.com', 'PutKeyPolicy', { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', policyName: 'default', policy: JSON.stringify(p) });
  const partner = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'kms:Decrypt', Resource: '*' });

  test('another account is medium, and quiet once listed in trustedAccounts', () => {
    expect(run(kms(partner))['resource-policy-opened'][0]).toMatchObject({ severity: 'medium', resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` });
    expect(run(kms(partner), cfg({ trustedAccounts: ['444455556666'] }))['resource-policy-opened']).toBeUndefined();
  });

  // High since 2026-12-05: the unreadable policy may be a public one, and a record's bad input must never lower an
  // alert below what the readable policy would have raised (test/adversarial/inputs-null-targets.test.ts).
  test('an unreadable policy is reported (high, unverified), never dropped', () => {
    const h = run(call('secretsmanager.amazonaws.com', 'PutResourcePolicy', { secretId: 'prod/db', resourcePolicy: '{"Statement": [' }))['resource-policy-opened'][0];
    expect(h.severity).toBe('high');
    expect(h.factors?.unverified).toBe(true);
  });

  test('Lambda: "*" with sourceAccount is quiet; a public layer is high; the AddPermission version suffix does not matter', () => {
    expect(run(call('lambda.amazonaws.com', 'AddPermission20150331', { functionName: 'f', statementId: 's', action: 'lambda:InvokeFunction', principal: '*', sourceAccount: ACCOUNT }))).toEqual({});
    const layer = run(call('lambda.amazonaws.com', 'AddLayerVersionPermission20181031', { layerName: 'shared-deps', versionNumber: 3, statementId: 'all', action: 'lambda:GetLayerVersion', principal: '*' }));
    expect(layer['resource-policy-opened'][0]).toMatchObject({ severity: 'high', resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:shared-deps:3` });
    expect(layer['resource-policy-opened'][0].fix?.cli).toContain('--version-number 3');
    const org = run(call('lambda.amazonaws.com', 'AddLayerVersionPermission20181031', { layerName: 'shared-deps', versionNumber: 3, statementId: 'org', action: 'lambda:GetLayerVersion', principal: '*', organizationId: 'o-a1b2c3d4e5' }));
    expect(org).toEqual({});
  });

  test('S3 ACL: canned public-read header and AuthenticatedUsers grants are public; a private ACL is not', () => {
    expect(run(s3('PutBucketAcl', { bucketName: 'b', acl: '', 'x-amz-acl': ['public-read'] }))['resource-policy-opened'][0].severity).toBe('high');
    expect(run(s3('PutBucketAcl', { bucketName: 'b', acl: '', 'x-amz-grant-read': ['uri=http://acs.amazonaws.com/groups/global/AuthenticatedUsers'] }))['resource-policy-opened'][0].message).toMatch(/AuthenticatedUsers/);
    expect(run(s3('PutBucketAcl', { bucketName: 'b', acl: '', 'x-amz-acl': ['private'] }))).toEqual({});
  });

  test('Block Public Access: bucket level relaxed is medium, account level high; all on is quiet', () => {
    const off = { BlockPublicAcls: false, IgnorePublicAcls: 'false', BlockPublicPolicy: true, RestrictPublicBuckets: true };
    expect(run(s3('PutBucketPublicAccessBlock', { bucketName: 'b', publicAccessBlock: '', PublicAccessBlockConfiguration: off }))['resource-policy-opened'][0].severity).toBe('medium');
    const acct = run(s3('PutAccountPublicAccessBlock', { PublicAccessBlockConfiguration: off }))['resource-policy-opened'][0];
    expect(acct).toMatchObject({ severity: 'high', resource: ACCOUNT });
    expect(acct.message).toMatch(/BlockPublicAcls, IgnorePublicAcls/);
    expect(run(s3('DeleteBucketPublicAccessBlock', { bucketName: 'b', publicAccessBlock: '' }))['resource-policy-opened'][0].severity).toBe('medium');
  });

  test('SNS attributes other than Policy and SQS attributes without a Policy are not judged', () => {
    expect(run(call('sns.amazonaws.com', 'SetTopicAttributes', { topicArn: 'arn:aws:sns:us-east-1:111122223333:t', attributeName: 'DisplayName', attributeValue: '*' }))).toEqual({});
    expect(run(call('sqs.amazonaws.com', 'SetQueueAttributes', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/111122223333/q', attributes: { VisibilityTimeout: '30' } }))).toEqual({});
  });

  test('KMS grant to another account is medium, to the own account quiet', () => {
    const grant = (grantee: string) => call('kms.amazonaws.com', 'CreateGrant', { keyId: 'k', granteePrincipal: grantee, operations: ['Decrypt'] }, { responseElements: { grantId: 'g1', keyId: 'k' } });
    expect(run(grant('arn:aws:iam::444455556666:role/x'))['resource-policy-opened'][0].fix?.cli).toContain('--grant-id g1');
    expect(run(grant(`arn:aws:iam::${ACCOUNT}:role/x`))).toEqual({});
  });
});

describe('trail-bucket-tampered', () => {
  const lifecycle = (bucket: string, days: number) => s3('PutBucketLifecycle', { bucketName: bucket, lifecycle: '', LifecycleConfiguration: { Rule: { ID: 'r', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: days } } } });

  test('a bucket named in trailBuckets is high and known; an ordinary name is not judged', () => {
    const c = cfg({ trailBuckets: ['org-audit-archive'] });
    const h = run(lifecycle('org-audit-archive', 30), c)['trail-bucket-tampered'][0];
    expect(h).toMatchObject({ severity: 'high', resource: 'arn:aws:s3:::org-audit-archive' });
    expect(h.factors).toBeUndefined();
    expect(run(lifecycle('org-audit-archive', 30))).toEqual({});
  });

  test('the retention threshold is configurable; a disabled rule and noncurrent versions are read', () => {
    const c = cfg({ trailBuckets: ['logs'], thresholds: { ...DEFAULT_CONFIG.thresholds, trailLogRetentionDays: 30 } });
    expect(run(lifecycle('logs', 90), c)).toEqual({});
    expect(run(lifecycle('logs', 7), c)['trail-bucket-tampered']).toHaveLength(1);
    const disabled = s3('PutBucketLifecycle', { bucketName: 'logs', LifecycleConfiguration: { Rule: [{ ID: 'off', Status: 'Disabled', Expiration: { Days: 1 } }] } });
    expect(run(disabled, c)).toEqual({});
    const noncurrent = s3('PutBucketLifecycle', { bucketName: 'logs', LifecycleConfiguration: { Rule: [{ ID: 'nc', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: '1' } }] } });
    expect(run(noncurrent, c)['trail-bucket-tampered'][0].message).toMatch(/older versions/);
  });

  test('an unconditional Deny of s3:PutObject to CloudTrail stops delivery even with the Allow in place', () => {
    const c = cfg({ trailBuckets: ['logs'] });
    const p = policy(
      { Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/AWSLogs/*' },
      { Sid: 'NoWrites', Effect: 'Deny', Principal: '*', Action: 's3:Put*', Resource: 'arn:aws:s3:::logs/*' },
    );
    expect(run(s3('PutBucketPolicy', { bucketName: 'logs', bucketPolicy: p }), c)['trail-bucket-tampered'][0].message).toMatch(/"NoWrites" denies/);
  });

  test('one PutBucketPolicy can raise both rules; the event is as severe as its worst finding and the fixes agree', () => {
    const c = cfg({ trailBuckets: ['logs'] });
    const s = scoreEventFull(s3('PutBucketPolicy', { bucketName: 'logs', bucketPolicy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' }) }), { config: c });
    expect(s.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['resource-policy-opened', 'high'],
      ['trail-bucket-tampered', 'high'],
    ]);
    expect(s.severity).toBe('high');
    // Neither fix deletes the bucket policy (that would also remove CloudTrail's statement).
    for (const f of s.findings) expect(f.fix.cli).not.toMatch(/delete-bucket-policy/);
  });
});

describe('logging-disabled and organization-tampered', () => {
  test('the same event name from another service is not judged', () => {
    expect(run(call('config.amazonaws.com', 'DeleteDetector', { detectorId: 'x' }))).toEqual({});
  });
  test('GuardDuty legacy DisassociateFromMasterAccount and Resolver disassociation are reported', () => {
    expect(run(call('guardduty.amazonaws.com', 'DisassociateFromMasterAccount', { detectorId: 'd1' }))['logging-disabled']).toHaveLength(1);
    const r = run(call('route53resolver.amazonaws.com', 'DisassociateResolverQueryLogConfig', { resolverQueryLogConfigId: 'rqlc-1', resourceId: 'vpc-0a1b' }))['logging-disabled'][0];
    expect(r.fix?.cli).toContain('--resolver-query-log-config-id rqlc-1');
  });
  test('DeleteOrganization and RemoveAccountFromOrganization are medium', () => {
    expect(run(call('organizations.amazonaws.com', 'DeleteOrganization', null))['organization-tampered'][0].severity).toBe('medium');
    expect(run(call('organizations.amazonaws.com', 'RemoveAccountFromOrganization', { accountId: '444455556666' }))['organization-tampered'][0]).toMatchObject({ severity: 'medium', resource: '444455556666' });
  });
});

describe('iam-policy-changed (info audit trail)', () => {
  test('every CIS 4.4 name is recorded at info without an alert, and it never lowers or raises another finding', () => {
    const quiet = scoreEventFull(iamCall('DeletePolicy', userIdentity('alice'), { policyArn: `arn:aws:iam::${ACCOUNT}:policy/old` }), { config: DEFAULT_CONFIG });
    expect([quiet.severity, quiet.alert, quiet.score]).toEqual(['info', false, 5]);
    const admin = scoreEventFull(iamCall('AttachUserPolicy', userIdentity('alice'), { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }), { config: DEFAULT_CONFIG });
    const without = scoreEventFull(iamCall('AttachUserPolicy', userIdentity('alice'), { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }), { config: cfg({ disabledRules: ['iam-policy-changed'] }) });
    expect(admin.findings.map((f) => f.ruleId)).toContain('iam-policy-changed');
    expect([admin.severity, admin.score, admin.alert]).toEqual([without.severity, without.score, without.alert]);
  });
});
