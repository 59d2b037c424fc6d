import type { EventExamples } from '../types';
import { CLOUDTRAIL } from './trail-bucket-tampered';
import { ACCOUNT, envelope, record, roleIdentity, userIdentity } from '../../../test/support/event-records';

const s3 = (eventName: string, requestParameters: Record<string, unknown>, who = userIdentity('mallory')) =>
  envelope(
    record({
      eventName,
      eventSource: 's3.amazonaws.com',
      userIdentity: who,
      requestParameters: { ...requestParameters, Host: `${String(requestParameters.bucketName)}.s3.amazonaws.com` },
      additionalEventData: { SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256', bytesTransferredIn: 0, AuthenticationMethod: 'AuthHeader', 'x-amz-id-2': 'Zm9vYmFyYmF6', bytesTransferredOut: 0 },
    }),
  );
const bucket = `aws-cloudtrail-logs-${ACCOUNT}-5f1c1a2b`;
const cloudTrailStatements = [
  { Sid: 'AWSCloudTrailAclCheck20150319', Effect: 'Allow', Principal: { Service: CLOUDTRAIL }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${bucket}` },
  {
    Sid: 'AWSCloudTrailWrite20150319',
    Effect: 'Allow',
    Principal: { Service: CLOUDTRAIL },
    Action: 's3:PutObject',
    Resource: `arn:aws:s3:::${bucket}/AWSLogs/${ACCOUNT}/*`,
    Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events` } },
  },
];

/** Pass and fail examples of `trail-bucket-tampered`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'one-day expiry on the console-default trail bucket (Stratus cloudtrail-lifecycle-rule)',
      expect: { severity: 'medium', resource: 'arn:aws:s3:::aws-cloudtrail-logs-111122223333-5f1c1a2b' },
      input: s3('PutBucketLifecycle', {
        bucketName: bucket,
        lifecycle: '',
        LifecycleConfiguration: { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/', Rule: { ID: 'nuke-cloudtrail-logs-after-1-day', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 1 } } },
      }),
    },
    {
      name: 'bucket policy without CloudTrail\'s write statement',
      expect: { severity: 'medium', resource: 'arn:aws:s3:::aws-cloudtrail-logs-111122223333-5f1c1a2b' },
      input: s3('PutBucketPolicy', {
        bucketName: bucket,
        bucketPolicy: { Version: '2012-10-17', Statement: [cloudTrailStatements[0], { Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::${bucket}/*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
        policy: '',
      }),
    },
    { name: 'trail bucket policy deleted', expect: { severity: 'medium', resource: `arn:aws:s3:::${bucket}` }, input: s3('DeleteBucketPolicy', { bucketName: bucket, policy: '' }) },
    {
      name: 'lifecycle expiring the logs on a fixed date (rules as a list, one disabled, one without an ID)',
      expect: { severity: 'medium', resource: `arn:aws:s3:::${bucket}` },
      input: s3('PutBucketLifecycle', {
        bucketName: bucket,
        lifecycle: '',
        LifecycleConfiguration: {
          Rule: [
            { ID: 'disabled-short', Status: 'Disabled', Filter: { Prefix: '' }, Expiration: { Days: 1 } },
            { ID: 'archive', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 400 } },
            { Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Date: '2026-12-31T00:00:00Z' } },
          ],
        },
      }),
    },
    {
      name: 'lifecycle deleting older versions of the logs after one day',
      expect: { severity: 'medium', resource: `arn:aws:s3:::${bucket}` },
      input: s3('PutBucketLifecycle', {
        bucketName: bucket,
        lifecycle: '',
        LifecycleConfiguration: { Rule: { ID: 'old-versions', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } } },
      }),
    },
    {
      name: 'lifecycle whose rules cannot all be read (a non-object entry, a text expiry, an expiry that is a list of numbers)',
      expect: { severity: 'medium', resource: `arn:aws:s3:::${bucket}` },
      input: s3('PutBucketLifecycle', {
        bucketName: bucket,
        lifecycle: '',
        LifecycleConfiguration: {
          Rule: [
            'not-a-rule',
            { ID: 'text-days', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 'one' } },
            { ID: 'odd', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: 7 },
          ],
        },
      }),
    },
    {
      name: 'lifecycle configuration missing from the record',
      expect: { severity: 'medium', resource: `arn:aws:s3:::${bucket}` },
      input: s3('PutBucketLifecycle', { bucketName: bucket, lifecycle: '' }),
    },
    { name: 'trail bucket deleted', expect: { severity: 'medium', resource: 'arn:aws:s3:::aws-cloudtrail-logs-111122223333-5f1c1a2b' }, input: s3('DeleteBucket', { bucketName: bucket }, roleIdentity('Admin', 'mallory')) },
    {
      name: 'boundary: trail logs expire after 364 days, one below the 365 kept by policy',
      expect: { severity: 'medium', resource: 'arn:aws:s3:::aws-cloudtrail-logs-111122223333-5f1c1a2b' },
      input: s3('PutBucketLifecycle', {
        bucketName: bucket,
        lifecycle: '',
        LifecycleConfiguration: { Rule: { ID: 'expire', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 364 } } },
      }),
    },
  ],
  pass: [
    {
      name: 'lifecycle moving logs to Glacier and expiring after 7 years',
      input: s3(
        'PutBucketLifecycle',
        {
          bucketName: bucket,
          lifecycle: '',
          LifecycleConfiguration: {
            xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
            Rule: [{ ID: 'archive', Status: 'Enabled', Filter: { Prefix: 'AWSLogs/' }, Transition: { Days: 90, StorageClass: 'GLACIER' }, Expiration: { Days: 2557 } }],
          },
        },
        userIdentity('alice'),
      ),
    },
    {
      name: 'bucket policy keeping CloudTrail\'s statements and adding TLS-only',
      input: s3(
        'PutBucketPolicy',
        {
          bucketName: bucket,
          bucketPolicy: { Version: '2012-10-17', Statement: [...cloudTrailStatements, { Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::${bucket}/*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
          policy: '',
        },
        userIdentity('alice'),
      ),
    },
    { name: 'short lifecycle on an ordinary bucket', input: s3('PutBucketLifecycle', { bucketName: 'tmp-scratch', lifecycle: '', LifecycleConfiguration: { Rule: { ID: 'tmp', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 1 } } } }, userIdentity('alice')) },
    {
      name: 'boundary: trail logs expire after exactly 365 days',
      input: s3('PutBucketLifecycle', {
        bucketName: bucket,
        lifecycle: '',
        LifecycleConfiguration: { Rule: { ID: 'expire', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 365 } } },
      }),
    },
  ],
};
