import type { EventRule } from '../types';
import { baseEvidence, severityStep, when } from './_util';
import { GRANT_EVENTS, describeGrant, grantFactors, passRoleJudgement, passRoleText, readGrant, revertFix, verdict } from './_grants';

const CONSOLE = [
  'Open <target> in the IAM console and look at <policy>.',
  'Remove the actions that let the holder raise its own permissions (for example iam:PassRole on "*" together with lambda:CreateFunction, iam:CreatePolicyVersion, iam:AttachUserPolicy, iam:CreateAccessKey on other users), or limit them to specific resources.',
  'If the holder must create roles or policies, add a permissions boundary so what it creates cannot exceed its own access.',
];

function eventDate(t: string | undefined): Date {
  const d = t ? new Date(t) : new Date(NaN);
  return Number.isNaN(d.getTime()) ? new Date() : d;
}

export const privilegeEscalationGranted: EventRule = {
  id: 'privilege-escalation-granted',
  kind: 'event',
  title: 'Permissions that allow privilege escalation granted',
  severity: 'high',
  guide:
    'Grant least privilege: permissions to change permissions (IAM writes, iam:PassRole with compute services) are administrator power in disguise and belong only to administrators.',
  why: 'With these permissions the holder can make itself (or a role it controls) an administrator, for example by creating a new policy version, attaching a policy to itself, or passing a privileged role to a new Lambda function. Known escalation paths (Rhino Security Labs, Bishop Fox, pathfinding.cloud) are used by attackers in the first minutes after a credential leaks.',
  fix: {
    console: CONSOLE,
    cli: 'aws iam delete-role-policy --role-name <role-name> --policy-name <policy-name>',
  },
  controls: ['CloudWatch.4', 'CIS-4.4'],
  eventNames: GRANT_EVENTS,
  evaluate(ev, ctx) {
    const g = readGrant(ev, ctx, 'privilege-escalation-granted');
    if (!g) return [];
    const v = verdict(g);
    if (v.adminEquivalent || v.escalations.length === 0) return [];
    const allConditional = v.escalations.every((e) => e.conditional);
    let severity = allConditional ? severityStep('high', -1) : 'high';
    if (g.pendingNote) severity = severityStep(severity, -1);
    const pending = g.pendingNote ? ` Not in effect yet: ${g.pendingNote}.` : '';
    const cond = allConditional ? ' (only under a Condition, which was not evaluated)' : '';
    const list = v.escalations.slice(0, 3).map((e) => e.detail);
    // PassRole + compute: which roles the service can assume (read by enrichment), never a reason to score lower.
    const pr = passRoleJudgement(g, ctx, eventDate(ev.eventTime));
    const factors = grantFactors(g, v, false);
    if (pr?.roles.some((r) => r.admin === 'yes' && !r.conditional)) factors.adminEquivalent = true;
    if (pr?.unchecked) factors.unverified = true;
    return [
      {
        resource: g.target.arn,
        severity,
        message: `${ev.actor.display} ${describeGrant(ev, g)}${when(ev)}, which allows privilege escalation${cond}: ${list.join('; ')}${v.escalations.length > 3 ? `; and ${v.escalations.length - 3} more` : ''}.${pr ? passRoleText(pr) : ''}${pending}`,
        evidence: baseEvidence(ev, { target: g.target.arn, policy: g.policyArn ?? g.policyLabel, escalations: v.escalations, ...(pr ? { passRole: pr } : {}) }),
        fix: revertFix(ev, g, CONSOLE),
        factors,
      },
    ];
  },
};
