import type { EventRule, RuleHit } from '../types';
import { baseEvidence, fillFix, when } from './_util';
import { TRUST_EVENTS, trustChange } from './_trust';
import { trustDoc, writePolicyFileCli } from '../../posture/common';

export const trustPolicyPublic: EventRule = {
  id: 'trust-policy-public',
  kind: 'event',
  title: 'Role trust policy lets anyone assume the role',
  severity: 'critical',
  guide:
    'Services use roles whose trust policy names the service (or the exact account that needs it); a trust policy never names "*" or an identity provider without a condition on who the caller is.',
  why: 'A role that any AWS account (or any GitHub repository, or any identity of a web-identity provider) can assume hands its permissions to the whole internet. Attackers scan for such roles.',
  fix: {
    console: [
      'IAM console > Roles > <role-name> > Trust relationships > Edit trust policy.',
      'Replace the "*" principal with the exact account, role or service that needs the role, or add a condition naming who may call (aws:PrincipalOrgID, aws:PrincipalArn, or the OIDC provider\'s :sub claim). An sts:ExternalId condition alone does not do it: the external id is not a secret. For a vendor, name the vendor\'s account as the principal and keep its ExternalId.',
      'Review the role\'s recent AssumeRole calls in CloudTrail for callers you do not know.',
      'Or with the command below: it writes trust-policy.json letting only your own account <account-id> assume the role and replaces the whole trust policy with it (the old one is saved to trust-before.json; name a vendor or service instead in the console).',
    ],
    cli: `aws iam get-role --role-name <role-name> --query Role.AssumeRolePolicyDocument > trust-before.json && ${writePolicyFileCli('trust-policy.json', trustDoc({ AWS: 'arn:aws:iam::%s:root' }), ['<account-id>'])} && aws iam update-assume-role-policy --role-name <role-name> --policy-document file://trust-policy.json`,
  },
  controls: [],
  eventNames: TRUST_EVENTS,
  evaluate(ev, ctx) {
    const t = trustChange(ev, ctx.config, 'trust-policy-public');
    if (!t) return [];
    const reasons: string[] = [];
    if (t.analysis.public) reasons.push(t.analysis.publicReason ?? 'the trust policy allows any AWS principal');
    for (const f of t.analysis.federated) if (!f.guarded) reasons.push(`${f.provider}: ${f.reason ?? 'no condition on who the caller is'}`);
    if (reasons.length === 0) return [];
    const hit: RuleHit = {
      resource: t.roleArn,
      message: `${ev.actor.display} ${t.verb} ${t.roleName} with a trust policy anyone can use${when(ev)}: ${reasons.join('; ')}.`,
      evidence: baseEvidence(ev, { reasons, trust: t.analysis }),
      fix: fillFix(trustPolicyPublic.fix, { 'role-name': t.roleName, 'account-id': ev.account }),
    };
    return [hit];
  },
};
