import type { EventRule } from '../types';
import { baseEvidence, when } from './_util';
import { describeGrant, grantFactors, readGrant, revertFix, verdict } from './_grants';
import { quarantineChange } from './compromised-key-quarantined';

const CONSOLE = [
  'Put the user in a group that holds the permissions instead: IAM console > User groups > choose or create the group > Permissions > attach <policy>; then Users > <target> > Groups > Add to group.',
  'Then remove the direct grant from the user (the command below).',
];

/**
 * When the grant is administrator-equivalent, admin-granted fires on the same event: one coherent fix, so this rule
 * does not tell the reader to move the administrator grant to a group (that would spread it, not remove it).
 */
const CONSOLE_ADMIN = [
  'This grant is administrator-equivalent: follow the admin-granted finding on the same event first and decide whether <target> needs administrator access at all.',
  'Remove the direct grant from the user (the command below). Do not move <policy> to a group as it is; if <target> is one of the one or two account administrators, make them a member of your existing administrators\' group.',
];

export const policyAttachedToUser: EventRule = {
  id: 'policy-attached-to-user',
  kind: 'event',
  title: 'Policy granted directly to an IAM user',
  severity: 'low',
  guide:
    'Put people in groups and attach policies to groups, not to users (CIS 1.15 / Security Hub IAM.2: IAM users should not have policies attached).',
  why: 'Permissions attached user by user drift apart and are forgotten when people change jobs. Granting through groups keeps one place to review who can do what, and removing someone from a group removes the access.',
  fix: {
    console: CONSOLE,
    cli: 'aws iam detach-user-policy --user-name <user-name> --policy-arn <policy-arn>',
  },
  controls: ['IAM.2', 'CIS-1.15', 'CloudWatch.4', 'CIS-4.4'],
  eventNames: ['AttachUserPolicy', 'PutUserPolicy'],
  evaluate(ev, ctx) {
    // AWS's own quarantine of an exposed key is compromised-key-quarantined's (moving it to a group would be wrong).
    if (quarantineChange(ev)) return [];
    const g = readGrant(ev, ctx, 'policy-attached-to-user');
    if (!g || !g.toUser) return [];
    const v = verdict(g);
    const serious = v.adminEquivalent || v.fullAccess.length > 0 || v.escalations.length > 0 || v.unverified;
    return [
      {
        resource: g.target.arn,
        severity: serious ? 'medium' : 'low',
        message: `${ev.actor.display} ${describeGrant(ev, g)}${when(ev)} directly instead of through a group${serious ? ', and the grant is broad or could not be fully checked' : ''}.`,
        evidence: baseEvidence(ev, { target: g.target.arn, policy: g.policyArn ?? g.policyLabel }),
        fix: revertFix(ev, g, v.adminEquivalent ? CONSOLE_ADMIN : CONSOLE),
        factors: grantFactors(g, v, false),
      },
    ];
  },
};
