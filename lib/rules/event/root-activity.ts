import type { EventRule } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import { baseEvidence, rootArn, when } from './_util';
import { isRootKeyCreation } from './root-access-key-created';
import { isRootCredentialChange } from './root-credentials-changed';
import { consoleLogin, envelope, iamCall, record, rootIdentity, userIdentity } from './_records';
import { builtExamples } from '../lazy-examples';
import { fillCommand } from '../../text/escape';

/** Steps of a console sign-in: reported by root-sign-in / root-sign-in-failed, not again here. */
const SIGN_IN_STEPS = new Set(['ConsoleLogin', 'CheckMfa', 'CredentialVerification', 'CredentialChallenge']);

function isReadOnly(ev: NormalizedEvent): boolean {
  if (ev.readOnly !== undefined) return ev.readOnly;
  return /^(Get|List|Describe|Lookup|Head|Search|BatchGet)/.test(ev.eventName);
}

/**
 * invokedBy values that mean "root, through the console", not "a service acting for root": root console actions have
 * been recorded with invokedBy signin.amazonaws.com. The CIS filter would drop them; they are root activity.
 */
const CONSOLE_INVOKERS = new Set(['signin.amazonaws.com', 'console.amazonaws.com', 'AWS Internal']);

/**
 * The CIS / Security Hub CloudWatch.1 filter: userIdentity.type Root, no invokedBy, eventType not AwsServiceEvent
 * (except that the console as invoker still counts as root activity).
 * Root key creation and root credential changes have their own (stronger) rules and are not reported twice.
 */
export function isRootActivity(ev: NormalizedEvent): boolean {
  if (ev.actor.type !== 'Root') return false;
  if (ev.actor.invokedBy && !CONSOLE_INVOKERS.has(ev.actor.invokedBy)) return false;
  if (ev.eventType === 'AwsServiceEvent') return false;
  if (SIGN_IN_STEPS.has(ev.eventName)) return false;
  if (isRootKeyCreation(ev) || isRootCredentialChange(ev)) return false;
  return true;
}

export const rootActivity: EventRule = {
  id: 'root-activity',
  kind: 'event',
  title: 'Root user made an API call',
  severity: 'high',
  guide:
    'Never use the root user for everyday tasks: create an administrative IAM user for yourself and lock the root credentials away (CIS 4.3: monitor usage of the root account).',
  why: 'Every action taken as root is taken with unlimited, unrestrictable power. Root activity you did not expect means the root password or a root key is in someone else\'s hands.',
  fix: {
    console: [
      'If you did not do this: sign in as root at once (only the root user can change its own password, MFA and access keys), change the password, check MFA, and delete any root access keys (Security credentials page).',
      'If it was you: repeat the task with an administrative IAM user or role; only the tasks AWS lists as "requiring root user credentials" need root.',
      'Review the root session in CloudTrail: Event history, filter User name = root.',
    ],
    cli: 'aws cloudtrail lookup-events --region <region> --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50',
  },
  controls: ['CloudWatch.1', 'CIS-4.3'],
  eventNames: ['*'],
  evaluate(ev) {
    if (!isRootActivity(ev)) return [];
    // A refused sign-in step (e.g. ExternalIdPDirectoryLogin bots) is an attempt, not root activity: medium like root-sign-in-failed.
    const signInFailure =
      ev.eventSource === 'signin.amazonaws.com' && (ev.failed || Object.values(ev.responseElements).some((v) => v === 'Failure'));
    const ro = isReadOnly(ev);
    const lower = ro || signInFailure;
    const failed = ev.failed || signInFailure ? ` The call failed (${ev.errorCode ?? ev.errorMessage ?? 'Failure'}), but it was made with root credentials.` : '';
    const where = ev.awsRegion ? ` in ${ev.awsRegion}` : '';
    const call = `${ev.eventName} (${ev.eventSource})`;
    const fix = { ...rootActivity.fix, cli: fillCommand(rootActivity.fix.cli, { region: ev.awsRegion ?? 'us-east-1' }) };
    if (ev.actor.assumedRoot) {
      return [
        {
          resource: rootArn(ev),
          severity: lower ? 'low' : 'medium',
          message: `A centralized root access session (sts:AssumeRoot from the organization's management account) called ${call}${where}${when(ev)}. These short, task-scoped root sessions are expected for privileged tasks; confirm this one was planned.${failed}`,
          evidence: { ...baseEvidence(ev), assumedRoot: true, readOnly: ro },
          fix,
          factors: ev.failed || signInFailure ? { failedAttempt: true } : {},
        },
      ];
    }
    return [
      {
        resource: rootArn(ev),
        severity: lower ? 'medium' : 'high',
        message: `The root user of account ${ev.account} called ${call}${where}${ev.sourceIp ? ` from ${ev.sourceIp}` : ''}${when(ev)}${ro ? ' (read-only)' : ''}.${failed}`,
        evidence: { ...baseEvidence(ev), readOnly: ro },
        fix,
        factors: ev.failed || signInFailure ? { failedAttempt: true } : {},
      },
    ];
  },
  get examples() {
    return builtExamples(this, {
      fail: [
        {
          name: 'root creates an IAM user',
          input: iamCall('CreateUser', rootIdentity(), { userName: 'admin-bob' }, { user: { path: '/', userName: 'admin-bob', userId: 'AIDAJQABLZS4A3QDU576Q', arn: 'arn:aws:iam::111122223333:user/admin-bob', createDate: 'Nov 2, 2026, 9:14:27 AM' } }),
        },
        {
          name: 'root lists S3 buckets in eu-west-1 (read-only)',
          input: envelope(record({ eventName: 'ListBuckets', eventSource: 's3.amazonaws.com', userIdentity: rootIdentity(), requestParameters: { Host: 's3.eu-west-1.amazonaws.com' }, region: 'eu-west-1', readOnly: true })),
        },
        {
          name: 'centralized root session deletes a bucket policy',
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
    });
  },
};
