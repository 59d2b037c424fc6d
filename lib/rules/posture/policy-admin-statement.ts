import type { PostureRule, RuleHit } from '../types';
import type { PolicyDocument, Statement } from '../../policy/document';
import { plural } from '../../text/plural';
import { fillCli, narrowPolicyCli } from '../../posture/common';
import { isAwsManagedPolicyArn } from '../../policy/aws-managed-arn';
import { boundaryPolicyArns } from '../../posture/principals';
import { roleExempt } from '../../posture/allowlist';

const isStar = (a: string) => a === '*' || a === '*:*';

/**
 * Allow statements granting every action on every resource: `Action: "*"` on `Resource: "*"`, or `NotAction` on `*`
 * that does not exclude IAM (whoever can use IAM can grant themselves the rest).
 */
export function adminStatements(doc: PolicyDocument): Statement[] {
  return doc.statements.filter((s) => {
    if (s.effect !== 'Allow' || !s.resource?.includes('*')) return false;
    if (s.action?.some(isStar)) return true;
    if (s.notAction) return !s.notAction.some((a) => /^iam:/i.test(a) || isStar(a));
    return false;
  });
}

function describe(s: Statement): string {
  const what = s.action ? `Action ${JSON.stringify(s.action.length === 1 ? s.action[0] : s.action)}` : `NotAction ${JSON.stringify(s.notAction)}`;
  return `statement ${s.sid ? `"${s.sid}"` : s.index} allows ${what} on Resource "*"${s.condition ? ' (under a Condition)' : ''}`;
}

/**
 * Customer-managed policies (default version) and inline policies containing a full-admin statement (IAM.1, CIS 1.16).
 * AWS-managed policies (AdministratorAccess) are not flagged here: admin-access reports who holds them. A policy used
 * only as a permissions boundary is skipped (boundaries often allow `*` by design). Severity high; medium when the
 * policy is not attached to anything or the statement needs a Condition.
 */
export const policyAdminStatement: PostureRule = {
  id: 'policy-admin-statement',
  kind: 'posture',
  title: 'Policy grants full "*:*" administrative privileges',
  severity: 'high',
  guide: 'Grant least privilege: IAM policies that allow full "*:*" administrative privileges are not attached (CIS 1.16); start from the actions a job needs.',
  why: 'A hand-written policy allowing every action on every resource is administrator access under another name, easy to attach by mistake and hard to spot in reviews.',
  fix: {
    console: [
      'IAM → Policies (or the holder\'s Permissions tab for inline policies) → open the policy → Edit.',
      'Replace the "Action": "*" statement with the specific services and actions needed (Access Analyzer → Generate policy can derive them from CloudTrail).',
      'Save it as the new default version and delete the old versions.',
      'Or with the commands below (iam-guardian installed, or npx iam-guardian in a checkout): they save the current document to current-policy.json, write the least-privilege version with iam-guardian check-policy --needs <actions> (the actions the job uses, e.g. s3:GetObject,s3:PutObject; add --resource ARN to narrow the resources too) --out least-privilege.json, and make it the policy.',
    ],
    cli: narrowPolicyCli('aws iam get-policy-version --policy-arn <policy-arn> --version-id <version-id>', 'least-privilege.json', 'aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://least-privilege.json --set-as-default'),
  },
  controls: ['IAM.1', 'CIS-1.16'],
  evaluate(account, ctx) {
    const hits: RuleHit[] = [];
    const boundaries = boundaryPolicyArns(account);
    const customer = account.policies.filter((p) => !isAwsManagedPolicyArn(p.Arn) && p.defaultDocument);
    let checked = 0;
    for (const p of customer) {
      const boundaryOnly = boundaries.has(p.Arn) && (p.AttachmentCount ?? 0) === 0;
      if (boundaryOnly) continue;
      checked += 1;
      const bad = adminStatements(p.defaultDocument as NonNullable<typeof p.defaultDocument>);
      if (bad.length === 0) continue;
      const unattached = p.AttachmentCount === 0;
      const conditional = bad.every((s) => s.condition);
      hits.push({
        resource: p.Arn,
        severity: unattached || conditional ? 'medium' : undefined,
        message: `Customer managed policy ${p.PolicyName} (default version ${p.DefaultVersionId ?? '?'}) grants full administrative privileges: ${bad.map(describe).join('; ')}${unattached ? '. It is not attached to anything yet' : `. It is attached to ${p.AttachmentCount === undefined ? 'an unknown number of identities' : plural(p.AttachmentCount, 'identity')}`}.`,
        fix: { ...policyAdminStatement.fix, cli: fillCli(policyAdminStatement.fix.cli, { 'policy-arn': p.Arn, 'version-id': p.DefaultVersionId }) },
        evidence: { statements: bad.map((s) => ({ index: s.index, sid: s.sid ?? null, action: s.action ?? null, notAction: s.notAction ?? null, condition: s.condition ?? null })), attachmentCount: p.AttachmentCount ?? null },
      });
    }
    const holders: { kind: 'user' | 'group' | 'role'; name: string; arn: string; inline: { PolicyName: string; document: PolicyDocument }[] }[] = [
      ...account.users.map((u) => ({ kind: 'user' as const, name: u.UserName, arn: u.Arn, inline: u.UserPolicyList })),
      ...account.groups.map((g) => ({ kind: 'group' as const, name: g.GroupName, arn: g.Arn, inline: g.GroupPolicyList })),
      ...account.roles.filter((r) => !roleExempt('policy-admin-statement', r.Arn, r.Path, account, ctx.config)).map((r) => ({ kind: 'role' as const, name: r.RoleName, arn: r.Arn, inline: r.RolePolicyList })),
    ];
    for (const h of holders) {
      if (h.inline.length === 0) continue;
      checked += 1;
      const bad = h.inline.map((p) => ({ name: p.PolicyName, stmts: adminStatements(p.document) })).filter((x) => x.stmts.length > 0);
      if (bad.length === 0) continue;
      const conditional = bad.every((b) => b.stmts.every((s) => s.condition));
      hits.push({
        resource: h.arn,
        severity: conditional ? 'medium' : undefined,
        message: `Inline ${bad.length === 1 ? 'policy' : 'policies'} of IAM ${h.kind} ${h.name} grant${bad.length === 1 ? 's' : ''} full administrative privileges: ${bad.map((b) => `${b.name} ${b.stmts.map(describe).join('; ')}`).join('; ')}.`,
        fix: { ...policyAdminStatement.fix, cli: fillCli(narrowPolicyCli(`aws iam get-${h.kind}-policy --${h.kind}-name <name> --policy-name <policy-name>`, 'least-privilege.json', `aws iam put-${h.kind}-policy --${h.kind}-name <name> --policy-name <policy-name> --policy-document file://least-privilege.json`), { name: h.name, 'policy-name': bad[0].name }) },
        evidence: { inlinePolicies: bad.map((b) => ({ name: b.name, statements: b.stmts.map((s) => s.index) })) },
      });
    }
    return { checked, hits };
  },
};
