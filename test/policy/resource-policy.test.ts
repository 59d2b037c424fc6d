/**
 * judgeResourcePolicy (lib/policy/resource-policy.ts): the policy's kind from its actions, the service principals it
 * admits, and the accounts a "*" principal is narrowed to by an account condition (aws:PrincipalAccount,
 * aws:SourceAccount, kms:CallerAccount), written as AWS returns these policies (GetBucketPolicy, GetKeyPolicy, …).
 */
import { isResourcePolicy, judgeResourcePolicy } from '../../lib/policy/resource-policy';
import { doc } from './helpers';

const OWNER = '111122223333';
const OTHER = '444455556666';

describe('the kind of resource, from the actions', () => {
  it.each([
    ['s3:GetObject', 's3-bucket'],
    ['kms:Decrypt', 'kms-key'],
    ['sqs:SendMessage', 'sqs-queue'],
    ['SNS:Publish', 'sns-topic'],
    ['lambda:InvokeFunction', 'lambda-function'],
    ['secretsmanager:GetSecretValue', 'secretsmanager-secret'],
    ['ecr:BatchGetImage', 'ecr-repository'],
    ['sts:AssumeRole', 'role-trust'],
    ['logs:PutLogEvents', 'unknown'],
  ])('%s → %s', (action, kind) => {
    expect(judgeResourcePolicy(doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:root` }, Action: action, Resource: '*' }]), OWNER).kind).toBe(kind);
  });

  it('the service named most often wins; NotAction counts too', () => {
    const d = doc([
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:root` }, Action: ['kms:Decrypt', 's3:GetObject', 's3:PutObject'], Resource: '*' },
      { Effect: 'Deny', Principal: '*', NotAction: ['s3:GetObject'], Resource: '*' },
    ]);
    expect(judgeResourcePolicy(d, OWNER).kind).toBe('s3-bucket');
  });
});

describe('service principals admitted', () => {
  it('CloudTrail and Config writing to a log bucket: private, both services listed sorted', () => {
    const d = doc([
      { Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::logs/AWSLogs/${OWNER}/*`, Condition: { StringEquals: { 'aws:SourceAccount': OWNER } } },
      { Sid: 'AWSConfigWrite', Effect: 'Allow', Principal: { Service: ['config.amazonaws.com'] }, Action: 's3:PutObject', Resource: `arn:aws:s3:::logs/AWSLogs/${OWNER}/Config/*` },
      { Effect: 'Deny', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:*', Resource: '*' },
    ]);
    expect(judgeResourcePolicy(d, OWNER)).toEqual({ kind: 's3-bucket', access: 'private', accounts: [], services: ['cloudtrail.amazonaws.com', 'config.amazonaws.com'], reasons: [] });
  });

  it('a statement without a principal (as in an identity statement pasted in) is skipped', () => {
    const d = doc([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
      { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:eu-west-1:${OWNER}:q` },
    ]);
    expect(judgeResourcePolicy(d, OWNER)).toMatchObject({ kind: 'sqs-queue', access: 'private', services: ['sns.amazonaws.com'] });
  });
});

describe('"*" narrowed to an account by a condition', () => {
  const star = (Principal: unknown, Condition: unknown, Action = 'kms:Decrypt') => doc([{ Effect: 'Allow', Principal, Action, Resource: '*', Condition }]);

  it.each(['aws:PrincipalAccount', 'aws:SourceAccount', 'kms:CallerAccount', 'AWS:SourceAccount'])('%s naming another account: cross-account, that account', (key) => {
    const j = judgeResourcePolicy(star({ AWS: '*' }, { StringEquals: { [key]: OTHER } }), OWNER);
    expect(j.access).toBe('cross-account');
    expect(j.accounts).toEqual([OTHER]);
    expect(j.reasons).toContain(`allows account ${OTHER} (through a condition on "*")`);
  });

  it('Principal "*" (not only {"AWS": "*"}) is narrowed the same way', () => {
    expect(judgeResourcePolicy(star('*', { StringEquals: { 'kms:CallerAccount': OTHER } }), OWNER)).toMatchObject({ access: 'cross-account', accounts: [OTHER], services: [] });
  });

  it('NotPrincipal lets everyone else in: narrowed the same way', () => {
    const d = doc([{ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${OWNER}:user/blocked` }, Action: 'sqs:SendMessage', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': OTHER } } }]);
    expect(judgeResourcePolicy(d, OWNER)).toMatchObject({ kind: 'sqs-queue', access: 'cross-account', accounts: [OTHER] });
  });

  it('the owner and the trusted accounts are not listed', () => {
    expect(judgeResourcePolicy(star({ AWS: '*' }, { StringEquals: { 'aws:PrincipalAccount': OWNER } }), OWNER)).toMatchObject({ access: 'private', accounts: [] });
    expect(judgeResourcePolicy(star({ AWS: '*' }, { StringEquals: { 'aws:PrincipalAccount': OTHER } }), OWNER, { trustedAccounts: [OTHER] })).toMatchObject({ access: 'private', accounts: [] });
  });

  it('a negated operator names the accounts kept out, not let in', () => {
    const j = judgeResourcePolicy(star({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, StringNotEquals: { 'aws:PrincipalAccount': OTHER } }), OWNER);
    expect(j.accounts).not.toContain(OTHER);
  });

  it('a named principal with an account condition is judged by its principal only', () => {
    const j = judgeResourcePolicy(star({ AWS: `arn:aws:iam::${OTHER}:root` }, { StringEquals: { 'aws:SourceAccount': '777788889999' } }), OWNER);
    expect(j.accounts).toEqual([OTHER]);
  });

  it('an account-looking value that is not 12 digits is not an account', () => {
    const j = judgeResourcePolicy(star({ AWS: '*' }, { StringEquals: { 'aws:PrincipalAccount': ['4444', OTHER] } }), OWNER);
    expect(j.accounts).toEqual([OTHER]);
  });
});

describe('isResourcePolicy', () => {
  it('a Principal or NotPrincipal anywhere makes it one', () => {
    expect(isResourcePolicy(doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]))).toBe(false);
    expect(isResourcePolicy(doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${OWNER}:root` }, Action: 's3:*', Resource: '*' }]))).toBe(true);
  });
});
