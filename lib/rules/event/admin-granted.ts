import type { EventRule } from '../types';
import { baseEvidence, severityStep, when } from './_util';
import { GRANT_EVENTS, describeGrant, grantFactors, onlyServiceRolePoliciesUnknown, readGrant, revertFix, unknownText, verdict } from './_grants';

const CONSOLE = [
  'Decide whether <target> really needs administrator access. The guide allows AdministratorAccess only "for now", for the one or two people who administer the account, through a group, with MFA.',
  'If not intended: IAM console > open <target> > Permissions, and remove <policy> (or undo the change with the command below).',
  'Grant narrower permissions instead: an AWS managed job-function policy or a customer managed policy listing only the needed actions and resources.',
];

export const adminGranted: EventRule = {
  id: 'admin-granted',
  kind: 'event',
  title: 'Administrator-equivalent access granted',
  severity: 'high',
  guide:
    'Grant least privilege: AdministratorAccess only "for now" and only to the administrators\' group; a policy with Action "*" (or iam:*, or the power to grant itself anything) almost never. CIS 1.16 / Security Hub IAM.1: no policies with full "*:*" administrative privileges.',
  why: 'Administrator-equivalent access lets the holder do anything, including creating new credentials and deleting the audit trail. A leaked key or a compromised session with it is a full account takeover.',
  fix: {
    console: CONSOLE,
    cli: 'aws iam detach-user-policy --user-name <user-name> --policy-arn <policy-arn>',
  },
  controls: ['IAM.1', 'CIS-1.16', 'CloudWatch.4', 'CIS-4.4'],
  eventNames: GRANT_EVENTS,
  evaluate(ev, ctx) {
    const g = readGrant(ev, ctx, 'admin-granted');
    if (!g) return [];
    const v = verdict(g);
    const pending = g.pendingNote ? ` Not in effect yet: ${g.pendingNote}.` : '';
    const unverified = v.unverified ? ` Not fully checked: ${unknownText(g)}.` : '';
    const evidence = baseEvidence(ev, { target: g.target.arn, policy: g.policyArn ?? g.policyLabel, adminReasons: v.adminReasons, unknown: g.unknown });
    if (v.adminEquivalent) {
      return [
        {
          resource: g.target.arn,
          severity: g.pendingNote ? severityStep('high', -1) : 'high',
          message: `${ev.actor.display} ${describeGrant(ev, g)}${when(ev)}: this grants administrator-equivalent access (${v.adminReasons.slice(0, 3).join('; ') || 'full access'}).${pending}${unverified}`,
          evidence,
          fix: revertFix(ev, g, CONSOLE),
          factors: grantFactors(g, v, true),
        },
      ];
    }
    if (v.unverified && onlyServiceRolePoliciesUnknown(g)) {
      // An AWS service-role policy on a role is the recommended pattern (G6): noted (low), not alerted.
      return [
        {
          resource: g.target.arn,
          severity: 'low',
          message: `${ev.actor.display} ${describeGrant(ev, g)}${when(ev)}. It is an AWS managed service-role policy that is not in the bundled table, so its content was not checked: ${unknownText(g)}.`,
          evidence,
          fix: revertFix(ev, g, CONSOLE),
          factors: grantFactors(g, v, true),
        },
      ];
    }
    if (v.unverified) {
      return [
        {
          resource: g.target.arn,
          severity: g.pendingNote ? 'low' : 'medium',
          message: `${ev.actor.display} ${describeGrant(ev, g)}${when(ev)}, and what it grants could not be checked: ${unknownText(g)}. It is scored as a possible administrator grant until someone looks at it.${pending}`,
          evidence,
          fix: revertFix(ev, g, CONSOLE),
          factors: grantFactors(g, v, true),
        },
      ];
    }
    return [];
  },
};
