import type { PostureRule, RuleHit } from '../types';
import { fillCli, trustDoc, writePolicyFileCli } from '../../posture/common';
import { trustedRoles } from '../../posture/principals';
import { roleExempt } from '../../posture/allowlist';

/**
 * Execution roles of these services are handed to the service with iam:PassRole by a principal of this account
 * (PassRole only passes roles of the caller's own account), so another customer cannot point the service at them;
 * a source condition is not expected on their trust policies.
 */
export const PASSROLE_EXECUTION_SERVICES = [
  'lambda.amazonaws.com',
  'edgelambda.amazonaws.com',
  'ec2.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'eks.amazonaws.com',
  'eks-fargate-pods.amazonaws.com',
  'states.amazonaws.com',
  'glue.amazonaws.com',
  'sagemaker.amazonaws.com',
  'batch.amazonaws.com',
  'elasticmapreduce.amazonaws.com',
  'tasks.apprunner.amazonaws.com',
  'build.apprunner.amazonaws.com',
];

/**
 * Roles trusting an AWS service principal (other than the PassRole execution services above) without
 * aws:SourceAccount / aws:SourceArn (or aws:SourceOrgID): the service could be made to use the role on behalf of
 * another customer (cross-service confused deputy).
 */
export const roleTrustConfusedDeputy: PostureRule = {
  id: 'role-trust-confused-deputy',
  kind: 'posture',
  title: 'Service role trust has no source account condition',
  severity: 'low',
  guide: 'Use roles for AWS services with a narrow trust: add aws:SourceAccount or aws:SourceArn so the service can use the role only for your resources (AWS cross-service confused deputy prevention).',
  why: 'A service that acts for many customers could be asked by someone else to act with your role; the source condition ties the role to your account\'s resources.',
  fix: {
    console: [
      'IAM → Roles → choose the role → Trust relationships → Edit trust policy.',
      'In the statement for the service add "Condition": {"StringEquals": {"aws:SourceAccount": "<account>"}} (or an ArnLike on aws:SourceArn for the exact resource).',
      'Or with the command below, for a role that trusts this one service: it writes trust-with-source-account.json (the service, only for your account) and replaces the whole trust policy with it (the old one is saved to trust-before.json).',
    ],
    cli: `aws iam get-role --role-name <role> --query Role.AssumeRolePolicyDocument > trust-before.json && ${writePolicyFileCli('trust-with-source-account.json', trustDoc({ Service: '%s' }, { StringEquals: { 'aws:SourceAccount': '%s' } }), ['<service>', '<account-id>'])} && aws iam update-assume-role-policy --role-name <role> --policy-document file://trust-with-source-account.json`,
  },
  controls: [],
  evaluate(account, ctx) {
    const roles = trustedRoles(account, ctx.config).filter(({ role }) => !roleExempt('role-trust-confused-deputy', role.Arn, role.Path, account, ctx.config));
    const hits: RuleHit[] = [];
    for (const { role, trust: t } of roles) {
      const open = t.servicesWithoutSourceGuard.filter((s) => !PASSROLE_EXECUTION_SERVICES.includes(s.toLowerCase()));
      if (open.length === 0) continue;
      hits.push({
        resource: role.Arn,
        message: `Role ${role.RoleName} trusts ${open.join(', ')} without an aws:SourceAccount or aws:SourceArn condition.`,
        fix: { ...roleTrustConfusedDeputy.fix, cli: fillCli(roleTrustConfusedDeputy.fix.cli, { role: role.RoleName, service: open[0], 'account-id': account.accountId }) },
        evidence: { services: open },
      });
    }
    return { checked: roles.length, hits };
  },
};
