import type { EventRule } from '../types';
import { baseEvidence, fillFix, when } from './_util';
import { TRUST_EVENTS, trustChange } from './_trust';
import { trustDoc, writePolicyFileCli } from '../../posture/common';

export const trustPolicyExternal: EventRule = {
  id: 'trust-policy-external',
  kind: 'event',
  title: 'Role trust policy lets another account assume the role without a guard',
  severity: 'high',
  guide:
    'A role trusted by another account names exactly that account and requires sts:ExternalId (for third parties), MFA, or your organization (aws:PrincipalOrgID); accounts you own go in the trustedAccounts setting.',
  why: 'Anyone with suitable permissions in the other account can act in yours with this role\'s permissions. Without an external id a third-party service can be tricked into using the role for someone else (confused deputy); an unknown account is a backdoor.',
  fix: {
    console: [
      'Check that <external-account> is an account you or a vendor you trust own.',
      'IAM console > Roles > <role-name> > Trust relationships > Edit: add a condition "sts:ExternalId" (vendor) or "aws:PrincipalOrgID" (your organization), or remove the account.',
      'If the account is yours, add it to trustedAccounts in the iam-guardian configuration.',
      'Or with the command below, for a vendor: it writes trust-policy.json letting <external-account> assume the role only with the <external-id> the vendor gave you, and replaces the whole trust policy with it (the old one is saved to trust-before.json).',
    ],
    cli: `aws iam get-role --role-name <role-name> --query Role.AssumeRolePolicyDocument > trust-before.json && ${writePolicyFileCli('trust-policy.json', trustDoc({ AWS: 'arn:aws:iam::%s:root' }, { StringEquals: { 'sts:ExternalId': '%s' } }), ['<external-account>', '<external-id>'])} && aws iam update-assume-role-policy --role-name <role-name> --policy-document file://trust-policy.json`,
  },
  controls: [],
  eventNames: TRUST_EVENTS,
  evaluate(ev, ctx) {
    const t = trustChange(ev, ctx.config, 'trust-policy-external');
    if (!t || t.analysis.public) return []; // public trust is trust-policy-public
    const open = t.analysis.externalAccounts.filter((a) => !a.guarded);
    if (open.length === 0) return [];
    const accounts = [...new Set(open.map((a) => a.account))];
    return [
      {
        resource: t.roleArn,
        message: `${ev.actor.display} ${t.verb} ${t.roleName} so that account${accounts.length > 1 ? 's' : ''} ${accounts.join(', ')} can assume it without an external id, MFA or organization condition${when(ev)} (principal${open.length > 1 ? 's' : ''} ${open.map((a) => a.principal).join(', ')}).`,
        evidence: baseEvidence(ev, { externalAccounts: open }),
        fix: fillFix(trustPolicyExternal.fix, { 'role-name': t.roleName, 'external-account': accounts[0] }),
      },
    ];
  },
};
