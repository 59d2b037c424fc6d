import type { EventRule } from '../types';
import { baseEvidence, when } from './_util';
import { GRANT_EVENTS, describeGrant, grantFactors, readGrant, revertFix, verdict } from './_grants';

const CONSOLE = [
  'Open <target> in the IAM console and look at <policy>.',
  'Replace the service-wide wildcard (for example "s3:*" or an AWS managed *FullAccess policy) with the actions the work needs, on the specific resources (bucket, table, function ARNs).',
  'IAM Access Analyzer can generate a least-privilege policy from the role\'s or user\'s CloudTrail activity (IAM console > the role/user > Generate policy).',
];

export const permissivePolicyChange: EventRule = {
  id: 'permissive-policy-change',
  kind: 'event',
  title: 'Service-wide wildcard or full-access policy granted',
  severity: 'medium',
  guide:
    'Grant least privilege: list the actions and resources the work needs; "*" almost never. Security Hub IAM.21: IAM customer managed policies should not allow wildcard actions for services.',
  why: 'A grant of every action of a service ("s3:*", AmazonS3FullAccess) includes deleting all data and changing the service\'s security settings. It is usually far more than the job needs, and it is what an attacker gets if the credential leaks.',
  fix: {
    console: CONSOLE,
    cli: 'aws iam detach-role-policy --role-name <role-name> --policy-arn <policy-arn>',
  },
  controls: ['IAM.21', 'CloudWatch.4', 'CIS-4.4'],
  eventNames: GRANT_EVENTS,
  evaluate(ev, ctx) {
    const g = readGrant(ev, ctx, 'permissive-policy-change');
    if (!g) return [];
    const v = verdict(g);
    if (v.adminEquivalent || v.fullAccess.length === 0) return [];
    const pending = g.pendingNote ? ` Not in effect yet: ${g.pendingNote}.` : '';
    return [
      {
        resource: g.target.arn,
        severity: g.pendingNote ? 'low' : 'medium',
        message: `${ev.actor.display} ${describeGrant(ev, g)}${when(ev)}, granting full access to ${
          v.fullAccess.length > 6 ? `${v.fullAccess.length} services (for example ${v.fullAccess.slice(0, 4).join(', ')})` : v.fullAccess.join(', ')
        }.${pending}`,
        evidence: baseEvidence(ev, { target: g.target.arn, policy: g.policyArn ?? g.policyLabel, fullAccess: v.fullAccess }),
        fix: revertFix(ev, g, CONSOLE),
        factors: grantFactors(g, v, false),
      },
    ];
  },
};
