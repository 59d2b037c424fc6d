import type { EventRule } from '../types';
import { baseEvidence, rootArn, when } from './_util';

export const rootSignInFailed: EventRule = {
  id: 'root-sign-in-failed',
  kind: 'event',
  title: 'Failed root sign-in attempt',
  severity: 'medium',
  guide:
    'Lock the root user away: a strong unique password and MFA on root, and no day-to-day use. CIS 4.6 asks to be alerted on console authentication failures (this rule for root; console-sign-in-attack for IAM users\' repeated failures and failures at the MFA step).',
  why: 'Someone tried to sign in as the account root user and failed. Repeated failures from unknown addresses are password guessing against the most powerful identity in the account.',
  fix: {
    console: [
      'If it was not you: make sure root has a long unique password and an MFA device (sign in as root > Security credentials: only the root user can change its own password and MFA).',
      'Check the source address in the alert; repeated attempts from unknown addresses mean the root e-mail address is being targeted.',
      'Confirm no root sign-in succeeded afterwards: CloudTrail console > Event history, Event name = ConsoleLogin.',
    ],
    cli: 'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventName,AttributeValue=ConsoleLogin --max-results 50',
  },
  controls: ['CloudWatch.6', 'CIS-4.6'],
  eventNames: ['ConsoleLogin'],
  evaluate(ev) {
    if (ev.eventName !== 'ConsoleLogin' || ev.actor.type !== 'Root' || !ev.failed) return [];
    const reason = ev.errorMessage ? ` (${ev.errorMessage})` : '';
    return [
      {
        resource: rootArn(ev),
        message: `A sign-in to the console as the root user of account ${ev.account} failed${reason}${ev.sourceIp ? `, from ${ev.sourceIp}` : ''}${when(ev)}.`,
        evidence: baseEvidence(ev, { errorMessage: ev.errorMessage ?? null }),
        factors: { failedAttempt: true },
      },
    ];
  },
};
