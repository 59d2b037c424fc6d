import type { PostureRule, RuleHit } from '../types';
import { fillCli, trustDoc, writePolicyFileCli } from '../../posture/common';
import { trustedRoles } from '../../posture/principals';
import { roleExempt } from '../../posture/allowlist';

/**
 * Roles another AWS account (not this one, not config.trustedAccounts) may assume without sts:ExternalId, MFA or an
 * organization condition.
 */
export const roleTrustExternalNoCondition: PostureRule = {
  id: 'role-trust-external-no-condition',
  kind: 'posture',
  title: 'Role trusts another AWS account without a condition',
  severity: 'high',
  guide: 'Use roles to delegate access to other accounts with a narrow trust: require an external id for third parties (or MFA / your organization for your own people).',
  why: 'Without sts:ExternalId a vendor\'s account can be tricked into assuming your role for another of its customers (confused deputy), and anyone in that account with sts:AssumeRole can use it.',
  fix: {
    console: [
      'IAM → Roles → choose the role → Trust relationships → Edit trust policy.',
      'For a third party: add "Condition": {"StringEquals": {"sts:ExternalId": "<id the vendor gave you>"}}. For your own accounts: add aws:PrincipalOrgID or require aws:MultiFactorAuthPresent, or list the account in iam-guardian\'s trustedAccounts.',
      'Or with the command below: it writes trust-with-external-id.json (the external principal, only with the <external-id> the vendor gave you) and replaces the whole trust policy with it (the old one is saved to trust-before.json).',
    ],
    cli: `aws iam get-role --role-name <role> --query Role.AssumeRolePolicyDocument > trust-before.json && ${writePolicyFileCli('trust-with-external-id.json', trustDoc({ AWS: '%s' }, { StringEquals: { 'sts:ExternalId': '%s' } }), ['<external-principal>', '<external-id>'])} && aws iam update-assume-role-policy --role-name <role> --policy-document file://trust-with-external-id.json`,
  },
  controls: [],
  evaluate(account, ctx) {
    const roles = trustedRoles(account, ctx.config).filter(({ role }) => !roleExempt('role-trust-external-no-condition', role.Arn, role.Path, account, ctx.config));
    const hits: RuleHit[] = [];
    for (const { role, trust: t } of roles) {
      const open = t.externalAccounts.filter((e) => !e.guarded);
      if (open.length === 0) continue;
      hits.push({
        resource: role.Arn,
        message: `Role ${role.RoleName} can be assumed from other AWS account${open.length > 1 ? 's' : ''} ${[...new Set(open.map((e) => e.account))].join(', ')} (${open.map((e) => e.principal).join(', ')}) without an ExternalId, MFA or organization condition.`,
        fix: { ...roleTrustExternalNoCondition.fix, cli: fillCli(roleTrustExternalNoCondition.fix.cli, { role: role.RoleName, 'external-principal': open[0].principal }) },
        evidence: { externalAccounts: open },
      });
    }
    return { checked: roles.length, hits };
  },
};
