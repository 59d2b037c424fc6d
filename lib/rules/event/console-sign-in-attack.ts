import type { EventRule } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import type { SignInWindowCounts } from '../../store/sign-in-counter';
import { baseEvidence, fillFix, iamArn, param, rootArn, when } from './_util';

export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

function failedSignIn(ev: NormalizedEvent): boolean {
  return ev.failed || param(ev.responseElements, 'ConsoleLogin') === 'Failure';
}

function mfaUsed(ev: NormalizedEvent): boolean {
  // AWS writes Yes/No, and YES in its own examples: compare ignoring case.
  return (param(ev.additionalEventData, 'MFAUsed') ?? '').toLowerCase() === 'yes';
}

/**
 * A repeated-failure count alerts when it reaches the threshold, and again every ten thresholds further (a password
 * spray of 500 attempts sends a handful of e-mails, not 500).
 */
function crossing(count: number | undefined, threshold: number): boolean {
  return count !== undefined && (count === threshold || (count > threshold && count % (threshold * 10) === 0));
}

/** What console-sign-in-attack reads of a sign-in apart from its counts. */
export interface SignInFacts {
  /** A ConsoleLogin of signin.amazonaws.com (the rule looks at nothing else). */
  applies: boolean;
  failed: boolean;
  /** An IAM user whose name CloudTrail wrote (not the placeholder for a name that does not exist). */
  isUser: boolean;
  mfaUsed: boolean;
}

export function signInFacts(ev: NormalizedEvent): SignInFacts {
  return {
    applies: ev.eventName === 'ConsoleLogin' && ev.eventSource === 'signin.amazonaws.com',
    failed: failedSignIn(ev),
    isUser: ev.actor.type === 'IAMUser' && ev.actor.userName !== undefined && ev.actor.userName !== HIDDEN,
    mfaUsed: mfaUsed(ev),
  };
}

/**
 * Which finding the rule gives a sign-in with these counts ('none': no finding): the only thing the counts decide.
 * The counts also appear in a finding's evidence, so two sets of counts give the same result when both lead to
 * 'none' (replay scores sign-ins early on that ground, lib/replay/process-file.ts).
 */
export type CountOutcome = 'none' | 'repeated-failures' | 'mfa-step' | 'success-after-failures';

export function countOutcome(f: SignInFacts, counts: SignInWindowCounts | undefined): CountOutcome {
  if (!f.applies) return 'none';
  if (f.failed) {
    if (counts && (crossing(counts.userFailures, counts.threshold) || crossing(counts.sourceFailures, counts.threshold))) return 'repeated-failures';
    return f.isUser && f.mfaUsed ? 'mfa-step' : 'none';
  }
  return counts && Math.max(counts.userFailures ?? 0, counts.sourceFailures ?? 0) >= counts.threshold ? 'success-after-failures' : 'none';
}

export const consoleSignInAttack: EventRule = {
  id: 'console-sign-in-attack',
  kind: 'event',
  title: 'Console sign-in attack: repeated failures, a wrong MFA code, or a success after failures',
  severity: 'high',
  guide:
    'Every person signs in with a strong password and MFA; CIS 4.6 / Security Hub CloudWatch.6 ask to be alerted on console authentication failures.',
  why: 'Many failed sign-ins for one user, or from one address, are password guessing or spraying; a failure with MFA used means the password was right and only the MFA code stopped the attacker; a success after such failures may be the attacker getting in.',
  fix: {
    console: [
      'Ask <user-name> whether they were signing in at that time, from that address.',
      'If not: reset the user\'s console password (IAM console > Users > <user-name> > Security credentials > Manage console access), make sure an MFA device is assigned, and review what the user did after the last successful sign-in.',
      'Repeated failures from one address against several users: block the address where you can (corporate proxy, VPN), and check that every console user has MFA.',
    ],
    cli: 'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventName,AttributeValue=ConsoleLogin --max-results 50',
  },
  controls: ['CloudWatch.6', 'CIS-4.6'],
  eventNames: ['ConsoleLogin'],
  evaluate(ev, ctx) {
    const facts = signInFacts(ev);
    if (!facts.applies) return [];
    const lookup = ctx.enrichment.signIn;
    const counts: SignInWindowCounts | undefined = lookup?.status === 'ok' ? lookup.value : undefined;
    const outcome = countOutcome(facts, counts);
    if (outcome === 'none') return [];
    const userName = facts.isUser ? ev.actor.userName : undefined;
    const who = ev.actor.type === 'Root' ? `the root user of account ${ev.account}` : userName ? `IAM user ${userName}` : 'a user name that does not exist in the account';
    const resource = ev.actor.type === 'Root' ? rootArn(ev) : userName ? (ev.actor.arn ?? iamArn(ev, 'user', userName)) : ev.account;
    const from = ev.sourceIp ? ` from ${ev.sourceIp}` : '';
    const fix = fillFix(consoleSignInAttack.fix, { 'user-name': userName ?? (ev.actor.type === 'Root' ? 'root' : undefined) });
    const countEvidence = counts
      ? { userFailures: counts.userFailures ?? null, sourceFailures: counts.sourceFailures ?? null, windowMinutes: counts.windowMinutes, threshold: counts.threshold }
      : { counts: lookup?.status === 'unavailable' ? `not counted: ${lookup.reason}` : 'not counted' };
    if (outcome === 'repeated-failures' && counts) {
      const parts: string[] = [];
      if (counts.userFailures !== undefined && counts.userFailures >= counts.threshold) parts.push(`${counts.userFailures} failed sign-ins for ${who}`);
      if (counts.sourceFailures !== undefined && counts.sourceFailures >= counts.threshold) parts.push(`${counts.sourceFailures} failed sign-ins from ${ev.sourceIp}`);
      return [
        {
          resource,
          severity: 'high',
          message: `Console sign-in attack: ${parts.join(' and ')} within ${counts.windowMinutes} minutes (the latest${from}${when(ev)}${ev.errorMessage ? `, ${ev.errorMessage}` : ''}).`,
          evidence: baseEvidence(ev, countEvidence),
          fix,
          factors: { failedAttempt: true },
        },
      ];
    }
    if (outcome === 'mfa-step') {
      return [
        {
          resource,
          severity: 'medium',
          message: `A console sign-in as ${who} failed at the MFA step${from}${when(ev)}: the password was right, only the MFA code was not. If ${userName} was not signing in, the password is known to someone else.`,
          evidence: baseEvidence(ev, { mfaUsed: true, ...countEvidence }),
          fix,
          factors: { failedAttempt: true },
        },
      ];
    }
    if (!counts) return [];
    const after = Math.max(counts.userFailures ?? 0, counts.sourceFailures ?? 0);
    return [
      {
        resource,
        severity: 'high',
        message: `${who.charAt(0).toUpperCase()}${who.slice(1)} signed in to the console${from}${when(ev)}${facts.mfaUsed ? '' : ' without MFA'} after ${after} failed sign-ins ${counts.userFailures !== undefined && counts.userFailures >= counts.threshold ? 'for this user' : `from ${ev.sourceIp}`} in the last ${counts.windowMinutes} minutes: the attempts may have succeeded.`,
        evidence: baseEvidence(ev, countEvidence),
        fix,
      },
    ];
  },
};
