import type { EventExamples } from '../types';
import { iamCall, userIdentity } from '../../../test/support/event-records';

const AWS_INTERNAL = { userAgent: 'aws-internal/3 aws-sdk-java/1.12.772 Linux/5.10.226-193.880.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.432-b06 java/1.8.0_432 vendor/Oracle_Corporation', sourceIp: 'AWS Internal' };

/** Pass and fail examples of `compromised-key-quarantined`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'AWS attaches AWSCompromisedKeyQuarantineV3',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/ci-bot' },
      input: iamCall('AttachUserPolicy', userIdentity('ci-bot'), { userName: 'ci-bot', policyArn: 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3' }, null, AWS_INTERNAL),
    },
    {
      name: 'exposed-credential inline policy put',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/ci-bot' },
      input: iamCall(
        'PutUserPolicy',
        userIdentity('ci-bot'),
        {
          userName: 'ci-bot',
          policyName: 'AWSExposedCredentialPolicy_DO_NOT_REMOVE',
          policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Stmt1538161409', Effect: 'Deny', Action: ['iam:CreateAccessKey', 'iam:AttachUserPolicy', 'ec2:RunInstances', 'lambda:CreateFunction'], Resource: ['*'] }] }),
        },
        null,
        { ...AWS_INTERNAL, sourceIp: '72.21.217.97' },
      ),
    },
    {
      name: 'quarantine detached while a key is active (enrichment)',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/ci-bot' },
      input: iamCall('DetachUserPolicy', userIdentity('ci-bot'), { userName: 'ci-bot', policyArn: 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV2' }),
      enrichment: { accessKeys: { 'ci-bot': { status: 'ok', value: [{ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' }] } } },
    },
    {
      name: 'exposed-credential inline policy deleted (keys unknown offline)',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/ci-bot' },
      input: iamCall('DeleteUserPolicy', userIdentity('alice'), { userName: 'ci-bot', policyName: 'AWSExposedCredentialPolicy_DO_NOT_REMOVE' }),
    },
  ],
  pass: [
    {
      name: 'another AWS managed policy detached',
      input: iamCall('DetachUserPolicy', userIdentity('alice'), { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    },
    {
      name: 'a look-alike customer policy name',
      input: iamCall('AttachUserPolicy', userIdentity('alice'), { userName: 'bob', policyArn: 'arn:aws:iam::111122223333:policy/AWSCompromisedKeyQuarantineV2' }),
    },
    {
      name: 'denied detach of the quarantine',
      input: iamCall('DetachUserPolicy', userIdentity('mallory'), { userName: 'mallory', policyArn: 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV2' }, null, {
        errorCode: 'AccessDenied',
        errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: iam:DetachUserPolicy on resource: user mallory with an explicit deny in an identity-based policy',
      }),
    },
  ],
};
