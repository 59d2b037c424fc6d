import type { EventRule, EventRuleContext, RuleHit } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import { baseEvidence, fillFix, iamArn, param, when } from './_util';
import { QUARANTINE_POLICY_ARN } from '../../policy/aws-managed-arn';

/** AWS's quarantine policies: AWSCompromisedKeyQuarantine, …V2, …V3 (any partition; any later version suffix). */
/** The inline policy AWS puts on a user whose key it found exposed (older mechanism). */
export const EXPOSED_INLINE_POLICY = 'AWSExposedCredentialPolicy_DO_NOT_REMOVE';

/** The event attaches, puts, detaches or deletes one of AWS's quarantine policies on a user; undefined otherwise. */
export function quarantineChange(ev: NormalizedEvent): { added: boolean; policy: string } | undefined {
  const rp = ev.requestParameters;
  switch (ev.eventName) {
    case 'AttachUserPolicy':
    case 'DetachUserPolicy': {
      const arn = param(rp, 'policyArn');
      return arn && QUARANTINE_POLICY_ARN.test(arn) ? { added: ev.eventName === 'AttachUserPolicy', policy: arn } : undefined;
    }
    case 'PutUserPolicy':
    case 'DeleteUserPolicy': {
      const name = param(rp, 'policyName');
      // AWS has also put the quarantine as an inline policy named like the managed ones (seen in recorded events).
      return name !== undefined && (name === EXPOSED_INLINE_POLICY || /^AWSCompromisedKeyQuarantine(V\d+)?$/.test(name)) ? { added: ev.eventName === 'PutUserPolicy', policy: name } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * AWS's quarantine call is recorded with the quarantined user's own identity (its exposed key), user agent
 * `aws-internal/…` and source address "AWS Internal" or an AWS address.
 */

/** AWS's own call (recorded under the quarantined user's identity, user agent aws-internal/…, "AWS Internal" address). */
function byAws(ev: NormalizedEvent): boolean {
  return /^aws-internal\//i.test(ev.userAgent ?? '') || ev.sourceIp === 'AWS Internal';
}

/** What the enrichment says about the user's access keys when the quarantine was lifted (read after the event). */
function keyState(ctx: EventRuleContext, user: string): { known: false; reason: string } | { known: true; active: string[]; total: number } {
  const lookup = ctx.enrichment.accessKeys?.[user];
  if (!lookup) return { known: false, reason: 'not looked up' };
  if (lookup.status !== 'ok') return { known: false, reason: lookup.reason };
  return { known: true, active: lookup.value.filter((k) => k.status === 'Active').map((k) => k.accessKeyId), total: lookup.value.length };
}

export const compromisedKeyQuarantined: EventRule = {
  id: 'compromised-key-quarantined',
  kind: 'event',
  title: 'AWS quarantined an exposed access key, or the quarantine was lifted',
  severity: 'high',
  guide:
    'Never put access keys in code or anywhere public (G7); when AWS reports a key as exposed, deactivate and replace it before anything else.',
  why: 'AWS attaches a quarantine policy when it finds a user\'s access key in public (a repository, a paste site). The policy denies only some actions: the key still works for everything else and someone has it. Removing the quarantine while the key is still active hands the attacker the rest back.',
  fix: {
    console: [
      'IAM console > Users > <user-name> > Security credentials: deactivate the exposed access key now, create a new one if the workload needs it, then delete the old one.',
      'Review CloudTrail for what the exposed key did (Event history, filter by its access key id) and undo what you do not recognise.',
      'Remove the quarantine policy only after the exposed key is deactivated or deleted, and answer the AWS Support case.',
    ],
    cli: 'aws iam list-access-keys --user-name <user-name>',
  },
  controls: [],
  eventNames: ['AttachUserPolicy', 'PutUserPolicy', 'DetachUserPolicy', 'DeleteUserPolicy'],
  evaluate(ev, ctx) {
    if (ev.failed || ev.eventSource !== 'iam.amazonaws.com') return [];
    const q = quarantineChange(ev);
    if (!q) return [];
    const user = param(ev.requestParameters, 'userName');
    const resource = user ? iamArn(ev, 'user', user) : ev.account;
    const who = user ? `IAM user ${user}` : 'an IAM user (name not recorded)';
    const fix = fillFix(compromisedKeyQuarantined.fix, { 'user-name': user });
    if (q.added) {
      const hit: RuleHit = {
        resource,
        message: `AWS found an access key of ${who} exposed in public: ${byAws(ev) ? 'AWS' : ev.actor.display} ${ev.eventName === 'PutUserPolicy' ? 'put the inline quarantine policy' : 'attached the quarantine policy'} ${q.policy.split('/').pop()}${when(ev)}. The key still works for what the policy does not deny: deactivate and replace it now.`,
        evidence: baseEvidence(ev, { user: user ?? null, quarantinePolicy: q.policy }),
        fix,
      };
      return [hit];
    }
    const keys = user ? keyState(ctx, user) : ({ known: false, reason: 'user name not recorded' } as const);
    let state: string;
    let severity: 'high' | 'medium' = 'high';
    if (keys.known && keys.active.length === 0) {
      severity = 'medium';
      state = ` ${user} has no active access key now (${keys.total} inactive), so the exposed key is no longer usable; confirm the removal was planned.`;
    } else if (keys.known) {
      state = ` ${user} still has active access key${keys.active.length > 1 ? 's' : ''} ${keys.active.join(', ')}: unless the exposed key was deactivated and replaced first, it now works without the quarantine.`;
    } else {
      state = ` Unless the exposed key was deactivated or deleted first (the access keys could not be checked: ${keys.reason}), it now works without the quarantine.`;
    }
    const hit: RuleHit = {
      resource,
      severity,
      message: `${ev.actor.display} removed AWS's quarantine policy ${q.policy.split('/').pop()} from ${who}${ev.sourceIp ? ` from ${ev.sourceIp}` : ''}${when(ev)}.${state}`,
      evidence: baseEvidence(ev, { user: user ?? null, quarantinePolicy: q.policy, activeKeys: keys.known ? keys.active : null }),
      fix,
      ...(keys.known ? {} : { factors: { unverified: true } }),
    };
    return [hit];
  },
};
