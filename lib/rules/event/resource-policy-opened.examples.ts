import type { EventExamples } from '../types';
import { ACCOUNT, envelope, record, roleIdentity, userIdentity } from '../../../test/support/event-records';

const s3Call = (eventName: string, requestParameters: Record<string, unknown>, who = userIdentity('mallory')) =>
  envelope(
    record({
      eventName,
      eventSource: 's3.amazonaws.com',
      userIdentity: who,
      requestParameters: { ...requestParameters, Host: `${String(requestParameters.bucketName ?? 's3-control')}.s3.amazonaws.com` },
      additionalEventData: { SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256', bytesTransferredIn: 0, AuthenticationMethod: 'AuthHeader', 'x-amz-id-2': 'Zm9vYmFyYmF6', bytesTransferredOut: 0 },
    }),
  );
const policy = (statements: Record<string, unknown>[]): Record<string, unknown> => ({ Version: '2012-10-17', Statement: statements });

/** Pass and fail examples of `resource-policy-opened`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'Lambda function URL opened to everyone (AddPermission20150331v2, principal "*", auth NONE)',
      expect: { severity: 'high', resource: 'arn:aws:lambda:us-east-1:111122223333:function:billing-export' },
      input: envelope(
        record({
          eventName: 'AddPermission20150331v2',
          eventSource: 'lambda.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: { functionName: 'billing-export', statementId: 'FunctionURLAllowPublicAccess', action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' },
          responseElements: {
            statement:
              '{"Sid":"FunctionURLAllowPublicAccess","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"arn:aws:lambda:us-east-1:111122223333:function:billing-export","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}}',
          },
        }),
      ),
    },
    {
      name: 'S3 bucket policy allowing GetObject to "*"',
      expect: { severity: 'high', resource: 'arn:aws:s3:::customer-exports' },
      input: s3Call('PutBucketPolicy', {
        bucketName: 'customer-exports',
        bucketPolicy: policy([{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::customer-exports/*' }]),
        policy: '',
      }),
    },
    {
      name: 'KMS key policy letting another account decrypt',
      expect: { severity: 'medium', resource: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
      input: envelope(
        record({
          eventName: 'PutKeyPolicy',
          eventSource: 'kms.amazonaws.com',
          userIdentity: roleIdentity('Admin', 'mallory'),
          requestParameters: {
            keyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
            policyName: 'default',
            policy: JSON.stringify(
              policy([
                { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
                { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
              ]),
            ),
            bypassPolicyLockoutSafetyCheck: false,
          },
        }),
      ),
    },
    {
      name: 'account-level Block Public Access deleted',
      expect: { severity: 'high', resource: '111122223333' },
      input: s3Call('DeleteAccountPublicAccessBlock', {}),
    },
    {
      name: 'bucket ACL granting READ to AllUsers',
      expect: { severity: 'high', resource: 'arn:aws:s3:::customer-exports' },
      input: s3Call('PutBucketAcl', {
        bucketName: 'customer-exports',
        acl: '',
        AccessControlPolicy: {
          xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
          Owner: { ID: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' },
          AccessControlList: {
            Grant: [
              { Grantee: { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:type': 'CanonicalUser', ID: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }, Permission: 'FULL_CONTROL' },
              { Grantee: { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:type': 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
            ],
          },
        },
      }),
    },
    {
      name: 'SQS queue policy with "*" narrowed only by sts:ExternalId (not a secret)',
      expect: { severity: 'high', resource: 'arn:aws:sqs:us-east-1:111122223333:orders' },
      input: envelope(
        record({
          eventName: 'SetQueueAttributes',
          eventSource: 'sqs.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: {
            queueUrl: 'https://sqs.us-east-1.amazonaws.com/111122223333/orders',
            attributes: { Policy: JSON.stringify(policy([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:orders', Condition: { StringEquals: { 'sts:ExternalId': 'x' } } }])) },
          },
        }),
      ),
    },
    {
      name: 'KMS grant to a role of another account, allowing Decrypt',
      expect: { severity: 'medium', resource: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
      input: envelope(
        record({
          eventName: 'CreateGrant',
          eventSource: 'kms.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', granteePrincipal: 'arn:aws:iam::444455556666:role/exfil', operations: ['Decrypt', 'GenerateDataKey'] },
          responseElements: { grantId: '0c237476b39f8bc44e45212e08498fbe3151305030726c0590dd8d3e9f3d6a60', keyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
        }),
      ),
    },
    {
      name: 'secret resource policy letting another account read it',
      expect: { severity: 'medium', resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db` },
      input: envelope(
        record({
          eventName: 'PutResourcePolicy',
          eventSource: 'secretsmanager.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: {
            secretId: 'prod/db',
            resourcePolicy: JSON.stringify(policy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }])),
            blockPublicPolicy: false,
          },
        }),
      ),
    },
    {
      name: 'SNS topic policy opened to everyone',
      expect: { severity: 'high', resource: `arn:aws:sns:us-east-1:${ACCOUNT}:orders` },
      input: envelope(
        record({
          eventName: 'SetTopicAttributes',
          eventSource: 'sns.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: {
            topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:orders`,
            attributeName: 'Policy',
            attributeValue: JSON.stringify(policy([{ Effect: 'Allow', Principal: '*', Action: 'SNS:Subscribe', Resource: `arn:aws:sns:us-east-1:${ACCOUNT}:orders` }])),
          },
        }),
      ),
    },
    {
      name: 'bucket Block Public Access turned off (all four settings false)',
      expect: { severity: 'medium', resource: 'arn:aws:s3:::team-share' },
      input: s3Call('PutBucketPublicAccessBlock', {
        publicAccessBlock: '',
        bucketName: 'team-share',
        PublicAccessBlockConfiguration: { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/', RestrictPublicBuckets: false, BlockPublicPolicy: false, BlockPublicAcls: false, IgnorePublicAcls: false },
      }),
    },
    {
      name: 'ECR repository policy letting anyone pull images',
      expect: { severity: 'high', resource: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/api` },
      input: envelope(
        record({
          eventName: 'SetRepositoryPolicy',
          eventSource: 'ecr.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: {
            repositoryName: 'api',
            policyText: JSON.stringify(policy([{ Sid: 'pull', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }])),
            force: false,
          },
          responseElements: { registryId: ACCOUNT, repositoryName: 'api', policyText: JSON.stringify(policy([{ Sid: 'pull', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }])) },
        }),
      ),
    },
    {
      name: 'Lambda layer version shared with every account (AddLayerVersionPermission, principal "*")',
      expect: { severity: 'high', resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:shared-libs:3` },
      input: envelope(
        record({
          eventName: 'AddLayerVersionPermission20181031',
          eventSource: 'lambda.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: { layerName: 'shared-libs', versionNumber: 3, statementId: 'everyone', action: 'lambda:GetLayerVersion', principal: '*' },
          responseElements: {
            statement: `{"Sid":"everyone","Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"arn:aws:lambda:us-east-1:${ACCOUNT}:layer:shared-libs:3"}`,
            revisionId: '9c0d1f4e-1b2c-4d5e-8f9a-0b1c2d3e4f5a',
          },
        }),
      ),
    },
  ],
  pass: [
    {
      name: 'Lambda permission for S3 with source account and bucket ARN',
      input: envelope(
        record({
          eventName: 'AddPermission20150331v2',
          eventSource: 'lambda.amazonaws.com',
          userIdentity: userIdentity('alice'),
          requestParameters: { functionName: 'thumbnailer', statementId: 's3-invoke', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::uploads', sourceAccount: ACCOUNT },
        }),
      ),
    },
    {
      name: 'CloudTrail bucket policy (service principal with aws:SourceArn) and own account',
      input: s3Call(
        'PutBucketPolicy',
        {
          bucketName: 'aws-cloudtrail-logs-111122223333-5f1c1a2b',
          bucketPolicy: policy([
            { Sid: 'AWSCloudTrailAclCheck20150319', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::aws-cloudtrail-logs-111122223333-5f1c1a2b' },
            {
              Sid: 'AWSCloudTrailWrite20150319',
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: 'arn:aws:s3:::aws-cloudtrail-logs-111122223333-5f1c1a2b/AWSLogs/111122223333/*',
              Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'AWS:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events' } },
            },
            { Sid: 'Admins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Admin` }, Action: 's3:*', Resource: '*' },
          ]),
        },
        userIdentity('alice'),
      ),
    },
    {
      name: 'SNS topic policy "*" limited by aws:SourceAccount',
      input: envelope(
        record({
          eventName: 'SetTopicAttributes',
          eventSource: 'sns.amazonaws.com',
          userIdentity: userIdentity('alice'),
          requestParameters: {
            topicArn: 'arn:aws:sns:us-east-1:111122223333:bucket-events',
            attributeName: 'Policy',
            attributeValue: JSON.stringify(policy([{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'SNS:Publish', Resource: 'arn:aws:sns:us-east-1:111122223333:bucket-events' }, { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Publish', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }])),
          },
        }),
      ),
    },
    {
      name: 'bucket Block Public Access turned fully on',
      input: s3Call('PutBucketPublicAccessBlock', {
        bucketName: 'customer-exports',
        publicAccessBlock: '',
        PublicAccessBlockConfiguration: { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/', RestrictPublicBuckets: true, BlockPublicPolicy: true, BlockPublicAcls: true, IgnorePublicAcls: true },
      }, userIdentity('alice')),
    },
    {
      name: 'SNS topic display name changed (not its policy)',
      input: envelope(
        record({ eventName: 'SetTopicAttributes', eventSource: 'sns.amazonaws.com', userIdentity: userIdentity('alice'), requestParameters: { topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:orders`, attributeName: 'DisplayName', attributeValue: 'Orders' } }),
      ),
    },
    {
      name: 'secret resource policy for a role of the same account',
      input: envelope(
        record({
          eventName: 'PutResourcePolicy',
          eventSource: 'secretsmanager.amazonaws.com',
          userIdentity: userIdentity('alice'),
          requestParameters: { secretId: 'prod/db', resourcePolicy: JSON.stringify(policy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }])) },
        }),
      ),
    },
    {
      name: 'KMS grant to a role of the same account',
      input: envelope(
        record({
          eventName: 'CreateGrant',
          eventSource: 'kms.amazonaws.com',
          userIdentity: userIdentity('alice'),
          requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/batch-worker`, operations: ['Decrypt'] },
          responseElements: { grantId: '0c237476b39f8bc44e45212e08498fbe3151305030726c0590dd8d3e9f3d6a60', keyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
        }),
      ),
    },
  ],
};
