import type { EventRule } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import { baseEvidence, param, rootArn, when } from './_util';

/** MFAUsed is "Yes"/"No", but AWS's own root example writes "YES": compare case-insensitively. */
export function mfaUsed(ev: NormalizedEvent): boolean {
  return (param(ev.additionalEventData, 'MFAUsed') ?? '').toLowerCase() === 'yes';
}

export function isConsoleLoginSuccess(ev: NormalizedEvent): boolean {
  return ev.eventName === 'ConsoleLogin' && !ev.failed && param(ev.responseElements, 'ConsoleLogin') !== 'Failure';
}

export const rootSignIn: EventRule = {
  id: 'root-sign-in',
  kind: 'event',
  title: 'Root user signed in to the console',
  severity: 'high',
  guide:
    'Never use the root user for everyday tasks: create an administrative IAM user (or IAM Identity Center user) for yourself, then lock the root credentials away and use them only for the few tasks that require root.',
  why: 'The root user can do anything in the account, including closing it, and cannot be limited by IAM policies. A root sign-in you did not make means the account is compromised; one you did make is a habit to break. Without MFA, a leaked root password alone gives full control.',
  fix: {
    console: [
      'If you did not sign in as root: sign in as root immediately (only the root user can change its own password and MFA), change the root password (Account menu > Security credentials > Update password) and check the MFA devices.',
      'If it was you: do the task with an administrative IAM user next time; keep root for the tasks listed under "Tasks that require root user credentials".',
      'Make sure root has an MFA device: IAM console > Security credentials (as root) > Multi-factor authentication (MFA) > Assign MFA device.',
      'Review what root did after signing in: CloudTrail console > Event history, filter "User name" = root.',
    ],
    cli: 'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50',
  },
  controls: ['CloudWatch.1', 'CIS-4.3', 'IAM.9', 'CIS-1.5'],
  eventNames: ['ConsoleLogin'],
  evaluate(ev) {
    if (ev.actor.type !== 'Root' || !isConsoleLoginSuccess(ev)) return [];
    const mfa = mfaUsed(ev);
    const ip = ev.sourceIp ? ` from ${ev.sourceIp}` : '';
    return [
      {
        resource: rootArn(ev),
        severity: mfa ? 'high' : 'critical',
        message: mfa
          ? `The root user of account ${ev.account} signed in to the console with MFA${ip}${when(ev)}.`
          : `The root user of account ${ev.account} signed in to the console WITHOUT MFA${ip}${when(ev)}: anyone with the root password alone controls the account.`,
        evidence: baseEvidence(ev, { mfaUsed: param(ev.additionalEventData, 'MFAUsed') ?? 'absent' }),
        factors: mfa ? {} : { rootWithoutMfa: true },
      },
    ];
  },
};
