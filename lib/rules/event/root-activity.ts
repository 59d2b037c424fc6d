import type { EventRule } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import { baseEvidence, rootArn, when } from './_util';
import { isRootKeyCreation } from './root-access-key-created';
import { isRootCredentialChange } from './root-credentials-changed';
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
          evidence: baseEvidence(ev, { assumedRoot: true, readOnly: ro }),
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
        evidence: baseEvidence(ev, { readOnly: ro }),
        fix,
        factors: ev.failed || signInFailure ? { failedAttempt: true } : {},
      },
    ];
  },
};
