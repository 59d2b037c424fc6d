import type { EventExamples } from '../types';
import { consoleLogin, envelope, iamCall, record, rootIdentity, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `root-activity`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'root creates an IAM user',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:root' },
      input: iamCall('CreateUser', rootIdentity(), { userName: 'admin-bob' }, { user: { path: '/', userName: 'admin-bob', userId: 'AIDAJQABLZS4A3QDU576Q', arn: 'arn:aws:iam::111122223333:user/admin-bob', createDate: 'Nov 2, 2026, 9:14:27 AM' } }),
    },
    {
      name: 'root lists S3 buckets in eu-west-1 (read-only)',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:root' },
      input: envelope(record({ eventName: 'ListBuckets', eventSource: 's3.amazonaws.com', userIdentity: rootIdentity(), requestParameters: { Host: 's3.eu-west-1.amazonaws.com' }, region: 'eu-west-1', readOnly: true })),
    },
    {
      name: 'centralized root session deletes a bucket policy',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:root' },
      input: envelope(
        record({
          eventName: 'DeleteBucketPolicy',
          eventSource: 's3.amazonaws.com',
          userIdentity: rootIdentity({ assumedRoot: true }),
          requestParameters: { bucketName: 'locked-out-bucket', Host: 'locked-out-bucket.s3.amazonaws.com', policy: '' },
        }),
      ),
    },
  ],
  pass: [
    {
      name: 'root console sign-in (root-sign-in reports it)',
      input: consoleLogin(rootIdentity({ signIn: true }), 'Success', { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'Yes' }),
    },
    {
      name: 'service acting for root (invokedBy)',
      input: envelope(
        record({
          eventName: 'Decrypt',
          eventSource: 'kms.amazonaws.com',
          userIdentity: rootIdentity({ invokedBy: 's3.amazonaws.com' }),
          requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
          sourceIp: 's3.amazonaws.com',
          userAgent: 's3.amazonaws.com',
        }),
      ),
    },
    {
      name: 'AWS service event',
      input: envelope(
        record({
          eventName: 'RotateKey',
          eventSource: 'kms.amazonaws.com',
          userIdentity: { accountId: '111122223333', invokedBy: 'kms.amazonaws.com' },
          requestParameters: null,
          eventType: 'AwsServiceEvent',
          sourceIp: 'kms.amazonaws.com',
          userAgent: 'kms.amazonaws.com',
        }),
      ),
    },
    { name: 'IAM user creates a user', input: iamCall('CreateUser', userIdentity('alice'), { userName: 'bob' }) },
  ],
};
