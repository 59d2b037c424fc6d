import type { PostureRule } from '../types';
import { fillCli, trustDoc, writePolicyFileCli } from '../../posture/common';

const SUPPORT_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/AWSSupportAccess$/;

/** CIS 1.17: the AWS managed policy AWSSupportAccess is attached to some role, group or user. */
export const supportRoleMissing: PostureRule = {
  id: 'support-role-missing',
  kind: 'posture',
  title: 'No identity can open AWS Support cases',
  severity: 'low',
  guide: 'Create a support role to manage incidents with AWS Support (CIS 1.17): attach AWSSupportAccess to a role (or group) for the people who handle incidents.',
  why: 'During an incident you need to open AWS Support cases quickly without reaching for root or a full administrator.',
  fix: {
    console: [
      'IAM → Roles → Create role → AWS account (this account), require MFA.',
      'Attach the AWS managed policy AWSSupportAccess; name it e.g. SupportCase.',
      'Allow the incident responders (a group) to assume it.',
      'Or with the command below: it lists the roles holding AWSSupportAccess (none yet), writes trust.json (your own account, with MFA), creates the role SupportCase with it and attaches AWSSupportAccess.',
    ],
    cli: `aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess --query PolicyRoles && ${writePolicyFileCli('trust.json', trustDoc({ AWS: 'arn:aws:iam::%s:root' }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }), ['<account-id>'])} && aws iam create-role --role-name SupportCase --assume-role-policy-document file://trust.json && aws iam attach-role-policy --role-name SupportCase --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess`,
  },
  controls: ['IAM.18', 'CIS-1.17'],
  evaluate(account) {
    const holders = [
      ...account.roles.filter((r) => r.AttachedManagedPolicies.some((p) => SUPPORT_POLICY.test(p.PolicyArn))).map((r) => r.Arn),
      ...account.groups.filter((g) => g.AttachedManagedPolicies.some((p) => SUPPORT_POLICY.test(p.PolicyArn))).map((g) => g.Arn),
      ...account.users.filter((u) => u.AttachedManagedPolicies.some((p) => SUPPORT_POLICY.test(p.PolicyArn))).map((u) => u.Arn),
    ];
    const countedByPolicy = account.policies.some((p) => SUPPORT_POLICY.test(p.Arn) && (p.AttachmentCount ?? 0) > 0);
    if (holders.length > 0 || countedByPolicy) return { checked: 1, hits: [] };
    return {
      checked: 1,
      hits: [
        {
          resource: account.accountId,
          message: `No role, group or user in account ${account.accountId} has the AWSSupportAccess policy, so nobody can open a support case without broader rights.`,
          fix: { ...supportRoleMissing.fix, cli: fillCli(supportRoleMissing.fix.cli, { 'account-id': account.accountId }) },
          evidence: { policy: 'arn:aws:iam::aws:policy/AWSSupportAccess', attachments: 0 },
        },
      ],
    };
  },
};
