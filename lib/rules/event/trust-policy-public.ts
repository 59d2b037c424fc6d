import type { EventRule, RuleHit } from '../types';
import { baseEvidence, fillFix, when } from './_util';
import { TRUST_EVENTS, trustChange } from './_trust';
import { iamCall, userIdentity } from './_records';
import { builtExamples } from '../lazy-examples';
import { trustDoc, writePolicyFileCli } from '../../posture/common';

const trust = (statement: Record<string, unknown>): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const GITHUB_ANY_REPO = trust({
  Effect: 'Allow',
  Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
});

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
      evidence: { ...baseEvidence(ev), reasons, trust: t.analysis },
      fix: fillFix(trustPolicyPublic.fix, { 'role-name': t.roleName, 'account-id': ev.account }),
    };
    return [hit];
  },
  get examples() {
    return builtExamples(this, {
      fail: [
        {
          name: 'UpdateAssumeRolePolicy with Principal AWS "*"',
          input: iamCall('UpdateAssumeRolePolicy', userIdentity('mallory'), {
            roleName: 'DataPipelineRole',
            policyDocument: trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }),
          }),
        },
        {
          name: 'Principal "*" narrowed only by sts:ExternalId (the external id is not a secret)',
          input: iamCall('UpdateAssumeRolePolicy', userIdentity('alice'), {
            roleName: 'VendorIntegrationRole',
            policyDocument: trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'b7f1c2d3-vendor-ext-id' } } }),
          }),
        },
        {
          name: 'CreateRole trusting GitHub OIDC without a sub condition',
          input: iamCall(
            'CreateRole',
            userIdentity('alice'),
            { roleName: 'github-deploy', assumeRolePolicyDocument: GITHUB_ANY_REPO },
            {
              role: {
                path: '/',
                roleName: 'github-deploy',
                roleId: 'AROAEXAMPLEGITHUB01',
                arn: 'arn:aws:iam::111122223333:role/github-deploy',
                createDate: 'Nov 2, 2026, 9:14:27 AM',
                assumeRolePolicyDocument: encodeURIComponent(GITHUB_ANY_REPO),
              },
            },
          ),
        },
      ],
      pass: [
        {
          name: 'Lambda service role',
          input: iamCall('CreateRole', userIdentity('alice'), {
            roleName: 'thumbnailer-lambda',
            assumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
          }),
        },
        {
          name: '"*" limited to the organization',
          input: iamCall('UpdateAssumeRolePolicy', userIdentity('alice'), {
            roleName: 'OrgAuditRole',
            policyDocument: trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }),
          }),
        },
        {
          name: 'GitHub OIDC limited to one repository',
          input: iamCall('CreateRole', userIdentity('alice'), {
            roleName: 'github-deploy',
            assumeRolePolicyDocument: trust({
              Effect: 'Allow',
              Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
                StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:example-org/data-pipeline:ref:refs/heads/main' },
              },
            }),
          }),
        },
      ],
    });
  },
};
