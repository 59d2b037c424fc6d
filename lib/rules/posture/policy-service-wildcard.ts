import type { PostureRule, RuleHit } from '../types';
import { fillCli, narrowPolicyCli } from '../../posture/common';
import { isAwsManagedPolicyArn } from '../../policy/aws-managed-arn';

/** `service:*` in an Allow statement's Action (e.g. `s3:*`, `dynamodb:*`), as Security Hub IAM.21 checks. */
export function serviceWildcards(actions: string[] | undefined): string[] {
  return (actions ?? []).filter((a) => /^[a-z0-9-]+:\*$/i.test(a));
}

/**
 * Customer-managed policies (default version) allowing every action of a service (IAM.21). Resource scope does not
 * matter to the control: `s3:*` on one bucket still allows deleting it and rewriting its policy.
 */
export const policyServiceWildcard: PostureRule = {
  id: 'policy-service-wildcard',
  kind: 'posture',
  title: 'Customer managed policy allows all actions of a service',
  severity: 'low',
  guide: 'Grant least privilege: list the actions a job needs instead of "service:*" wildcards (Security Hub IAM.21).',
  why: '"s3:*" also grants deleting buckets, changing their policies and encryption; wildcards hand out destructive and permission-changing actions nobody asked for.',
  fix: {
    console: [
      'IAM → Policies → open the policy → Edit.',
      'Replace each "service:*" with the actions used (IAM → the role or user → Access Advisor / "Last accessed" shows which are used).',
      'Save as the new default version.',
      'Or with the commands below (iam-guardian installed, or npx iam-guardian in a checkout): they save the current document to current-policy.json, write the least-privilege version with iam-guardian check-policy --needs <actions> (the actions the job uses, e.g. s3:GetObject,s3:PutObject; add --resource ARN to narrow the resources too) --out scoped.json, and make it the policy.',
    ],
    cli: narrowPolicyCli('aws iam get-policy-version --policy-arn <policy-arn> --version-id <version-id>', 'scoped.json', 'aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://scoped.json --set-as-default'),
  },
  controls: ['IAM.21'],
  evaluate(account) {
    const customer = account.policies.filter((p) => !isAwsManagedPolicyArn(p.Arn) && p.defaultDocument);
    const hits: RuleHit[] = [];
    for (const p of customer) {
      const stmts = (p.defaultDocument?.statements ?? []).filter((s) => s.effect === 'Allow' && serviceWildcards(s.action).length > 0);
      if (stmts.length === 0) continue;
      const wildcards = [...new Set(stmts.flatMap((s) => serviceWildcards(s.action)))];
      hits.push({
        resource: p.Arn,
        message: `Customer managed policy ${p.PolicyName} allows every action of ${wildcards.length === 1 ? 'a service' : 'several services'}: ${wildcards.join(', ')} (statement${stmts.length > 1 ? 's' : ''} ${stmts.map((s) => s.sid ?? s.index).join(', ')}).`,
        fix: { ...policyServiceWildcard.fix, cli: fillCli(policyServiceWildcard.fix.cli, { 'policy-arn': p.Arn, 'version-id': p.DefaultVersionId }) },
        evidence: { wildcards, statements: stmts.map((s) => ({ index: s.index, sid: s.sid ?? null, action: s.action ?? [], resource: s.resource ?? [] })) },
      });
    }
    return { checked: customer.length, hits };
  },
};
