import type { EventRule } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import { baseEvidence, param, rootArn, when } from './_util';

const PASSWORD_EVENTS = new Set(['PasswordUpdated', 'ChangePassword', 'PasswordRecoveryCompleted']);
const MFA_REMOVAL = new Set(['DeactivateMFADevice', 'DeleteVirtualMFADevice']);
const MFA_EVENTS = new Set(['CreateVirtualMFADevice', 'EnableMFADevice', 'ResyncMFADevice', ...MFA_REMOVAL]);
export const ROOT_CREDENTIAL_EVENTS = [...PASSWORD_EVENTS, ...MFA_EVENTS];

/** A sign-in event can report failure in responseElements (`{"PasswordUpdated": "Failure"}`) without errorCode. */
function reportedFailure(ev: NormalizedEvent): boolean {
  return param(ev.responseElements, ev.eventName) === 'Failure';
}

/** The user name CloudTrail writes for root in root's own MFA calls. */
export const ROOT_MFA_USER_NAME = 'AWS ROOT USER';

/**
 * The MFA call names root's own device: `userName` "AWS ROOT USER" (what CloudTrail records when root deactivates or
 * deletes its MFA) or a root MFA serial (`arn:aws:iam::<account>:mfa/root-account-mfa-device`, also under u2f/).
 */
export function namesRootMfa(ev: NormalizedEvent): boolean {
  const user = param(ev.requestParameters, 'userName');
  if (user !== undefined && user.trim().toUpperCase() === ROOT_MFA_USER_NAME) return true;
  const serial = param(ev.requestParameters, 'serialNumber');
  return serial !== undefined && /:(mfa|u2f)\/root-account-mfa-device(\/|$)/.test(serial);
}

/** Root changed its own password or MFA (invokedBy does not hide it). Root acting on an IAM user's MFA is root-activity. */
export function isRootCredentialChange(ev: NormalizedEvent): boolean {
  if (ev.actor.type !== 'Root' || ev.failed || reportedFailure(ev)) return false;
  if (!PASSWORD_EVENTS.has(ev.eventName) && !MFA_EVENTS.has(ev.eventName)) return false;
  const user = param(ev.requestParameters, 'userName');
  if (user !== undefined && MFA_EVENTS.has(ev.eventName) && !namesRootMfa(ev)) return false;
  return true;
}

export const rootCredentialsChanged: EventRule = {
  id: 'root-credentials-changed',
  kind: 'event',
  title: 'Root password or MFA changed',
  severity: 'high',
  guide:
    'Lock the root user away with a strong password and MFA, and never use it for everyday work (CIS 1.5: MFA on root). Any change to the root password or MFA must be one you made on purpose.',
  why: 'Changing the root password or MFA is what an attacker does to take over an account for good. Removing root MFA leaves the most powerful identity protected by a password alone.',
  fix: {
    console: [
      'If you did not make this change: start the root password recovery from the sign-in page at once, then contact AWS Support.',
      'Sign in as root (only the root user can see and change its own password and MFA devices) > Security credentials: check the password and that an MFA device is assigned; assign one if not.',
      'Review CloudTrail Event history for other root activity around the same time.',
    ],
    cli: 'aws iam get-account-summary --query "SummaryMap.AccountMFAEnabled"',
  },
  controls: ['CloudWatch.1', 'CIS-4.3', 'IAM.9', 'CIS-1.5'],
  eventNames: ROOT_CREDENTIAL_EVENTS,
  evaluate(ev) {
    if (!isRootCredentialChange(ev)) return [];
    const removal = MFA_REMOVAL.has(ev.eventName);
    const what = PASSWORD_EVENTS.has(ev.eventName)
      ? ev.eventName === 'PasswordRecoveryCompleted'
        ? 'reset its password through password recovery'
        : 'changed its password'
      : removal
        ? `removed an MFA device (${ev.eventName}${param(ev.requestParameters, 'serialNumber') ? ` ${param(ev.requestParameters, 'serialNumber')}` : ''})`
        : `changed its MFA (${ev.eventName})`;
    if (ev.actor.assumedRoot) {
      // Centralized root access (sts:AssumeRoot) exists to delete member accounts' root credentials: expected, but say so.
      return [
        {
          resource: rootArn(ev),
          severity: 'medium',
          message: `A centralized root access session (sts:AssumeRoot from the organization's management account) ${what.replace('its ', 'the root user\'s ')} in account ${ev.account}${when(ev)}. Removing member-account root credentials is what central root management is for; confirm this task was planned.`,
          evidence: baseEvidence(ev, { assumedRoot: true }),
        },
      ];
    }
    return [
      {
        resource: rootArn(ev),
        severity: removal ? 'critical' : 'high',
        message: `The root user of account ${ev.account} ${what}${ev.sourceIp ? ` from ${ev.sourceIp}` : ''}${when(ev)}.${removal ? ' Root is now protected by its password alone.' : ''}`,
        evidence: baseEvidence(ev),
        factors: removal ? { rootWithoutMfa: true } : {},
      },
    ];
  },
};
