import type { PostureRule, RuleHit } from '../types';
import { fillCli, trustDoc, writePolicyFileCli } from '../../posture/common';
import { trustedRoles } from '../../posture/principals';
import { roleExempt } from '../../posture/allowlist';

/**
 * Roles anyone can assume: `Principal "*"` / `{"AWS": "*"}` (or Allow with NotPrincipal) without a condition that limits
 * it (aws:PrincipalOrgID, aws:SourceAccount, aws:PrincipalArn, …; not sts:ExternalId, which is no secret), and web-identity federation without a
 * restrictive subject condition (e.g. GitHub OIDC without `sub`: any repository on GitHub).
 */
/** The host part of an OIDC provider ARN (`token.actions.githubusercontent.com`), the prefix of its condition keys. */
function providerHost(provider: string): string {
  return /:oidc-provider\/(.+)$/.exec(provider)?.[1] ?? provider;
}

const OIDC_FIX_CLI = `aws iam get-role --role-name <role> --query Role.AssumeRolePolicyDocument > trust-before.json && ${writePolicyFileCli('trust.json', trustDoc({ Federated: '%s' }, { StringEquals: { '%s:sub': '%s' } }, 'sts:AssumeRoleWithWebIdentity'), ['<provider-arn>', '<provider-host>', '<subject>'])} && aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json`;

export const roleTrustPublic: PostureRule = {
  id: 'role-trust-public',
  kind: 'posture',
  title: 'Role can be assumed by anyone',
  severity: 'critical',
  guide: 'Use roles for services and other accounts with a narrow trust policy: name the exact principals that may assume a role, never "*".',
  why: 'A role whose trust policy allows any AWS principal (or any GitHub repository) can be assumed by strangers; its permissions are effectively public.',
  fix: {
    console: [
      'IAM → Roles → choose the role → Trust relationships → Edit trust policy.',
      'Replace "*" with the exact account or role ARNs (or add an aws:PrincipalOrgID condition; an sts:ExternalId condition alone is not enough, the external id is not a secret); for GitHub OIDC add a StringEquals/StringLike condition on token.actions.githubusercontent.com:sub naming your repository.',
      'Update policy, then check CloudTrail for AssumeRole calls on this role from unknown accounts.',
      'Or with the command below: it writes trust.json letting only your own account (its IAM users and roles that are allowed sts:AssumeRole) assume the role, and replaces the whole trust policy with it (the old one is saved to trust-before.json); for a GitHub OIDC role it writes a trust for the given <subject> (e.g. repo:OWNER/REPO:ref:refs/heads/main).',
    ],
    cli: `aws iam get-role --role-name <role> --query Role.AssumeRolePolicyDocument > trust-before.json && ${writePolicyFileCli('trust.json', trustDoc({ AWS: 'arn:aws:iam::%s:root' }), ['<account-id>'])} && aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json`,
  },
  controls: [],
  evaluate(account, ctx) {
    const roles = trustedRoles(account, ctx.config).filter(({ role }) => !roleExempt('role-trust-public', role.Arn, role.Path, account, ctx.config));
    const hits: RuleHit[] = [];
    for (const { role, trust: t } of roles) {
      const openFed = t.federated.filter((f) => !f.guarded);
      if (!t.public && openFed.length === 0) continue;
      const reasons = [...(t.public && t.publicReason ? [t.publicReason] : []), ...openFed.map((f) => `${f.provider}: ${f.reason ?? 'no restrictive condition'}`)];
      hits.push({
        resource: role.Arn,
        message: `Role ${role.RoleName} can be assumed by anyone: ${reasons.join('; ')}.`,
        fix: { ...roleTrustPublic.fix, cli: fillCli(openFed.length && !t.public ? OIDC_FIX_CLI : roleTrustPublic.fix.cli, { role: role.RoleName, 'account-id': account.accountId, 'provider-arn': openFed[0]?.provider, 'provider-host': openFed[0] && providerHost(openFed[0].provider) }) },
        evidence: { reasons, federated: openFed },
      });
    }
    return { checked: roles.length, hits };
  },
};
