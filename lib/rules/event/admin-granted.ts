import type { EventRule } from '../types';
import { baseEvidence, severityStep, when } from './_util';
import { GRANT_EVENTS, describeGrant, grantFactors, onlyServiceRolePoliciesUnknown, readGrant, revertFix, unknownText, verdict } from './_grants';
import { ADMIN_DOC, S3_READ_DOC, iamCall, roleIdentity, ssoIdentity, userIdentity } from './_records';
import { builtExamples } from '../lazy-examples';

const CONSOLE = [
  'Decide whether <target> really needs administrator access. The guide allows AdministratorAccess only "for now", for the one or two people who administer the account, through a group, with MFA.',
  'If not intended: IAM console > open <target> > Permissions, and remove <policy> (or undo the change with the command below).',
  'Grant narrower permissions instead: an AWS managed job-function policy or a customer managed policy listing only the needed actions and resources.',
];

export const adminGranted: EventRule = {
  id: 'admin-granted',
  kind: 'event',
  title: 'Administrator-equivalent access granted',
  severity: 'high',
  guide:
    'Grant least privilege: AdministratorAccess only "for now" and only to the administrators\' group; a policy with Action "*" (or iam:*, or the power to grant itself anything) almost never. CIS 1.16 / Security Hub IAM.1: no policies with full "*:*" administrative privileges.',
  why: 'Administrator-equivalent access lets the holder do anything, including creating new credentials and deleting the audit trail. A leaked key or a compromised session with it is a full account takeover.',
  fix: {
    console: CONSOLE,
    cli: 'aws iam detach-user-policy --user-name <user-name> --policy-arn <policy-arn>',
  },
  controls: ['IAM.1', 'CIS-1.16', 'CloudWatch.4', 'CIS-4.4'],
  eventNames: GRANT_EVENTS,
  evaluate(ev, ctx) {
    const g = readGrant(ev, ctx, 'admin-granted');
    if (!g) return [];
    const v = verdict(g);
    const pending = g.pendingNote ? ` Not in effect yet: ${g.pendingNote}.` : '';
    const unverified = v.unverified ? ` Not fully checked: ${unknownText(g)}.` : '';
    const evidence = { ...baseEvidence(ev), target: g.target.arn, policy: g.policyArn ?? g.policyLabel, adminReasons: v.adminReasons, unknown: g.unknown };
    if (v.adminEquivalent) {
      return [
        {
          resource: g.target.arn,
          severity: g.pendingNote ? severityStep('high', -1) : 'high',
          message: `${ev.actor.display} ${describeGrant(ev, g)}${when(ev)}: this grants administrator-equivalent access (${v.adminReasons.slice(0, 3).join('; ') || 'full access'}).${pending}${unverified}`,
          evidence,
          fix: revertFix(ev, g, CONSOLE),
          factors: grantFactors(g, v, true),
        },
      ];
    }
    if (v.unverified && onlyServiceRolePoliciesUnknown(g)) {
      // An AWS service-role policy on a role is the recommended pattern (G6): noted (low), not alerted.
      return [
        {
          resource: g.target.arn,
          severity: 'low',
          message: `${ev.actor.display} ${describeGrant(ev, g)}${when(ev)}. It is an AWS managed service-role policy that is not in the bundled table, so its content was not checked: ${unknownText(g)}.`,
          evidence,
          fix: revertFix(ev, g, CONSOLE),
          factors: grantFactors(g, v, true),
        },
      ];
    }
    if (v.unverified) {
      return [
        {
          resource: g.target.arn,
          severity: g.pendingNote ? 'low' : 'medium',
          message: `${ev.actor.display} ${describeGrant(ev, g)}${when(ev)}, and what it grants could not be checked: ${unknownText(g)}. It is scored as a possible administrator grant until someone looks at it.${pending}`,
          evidence,
          fix: revertFix(ev, g, CONSOLE),
          factors: grantFactors(g, v, true),
        },
      ];
    }
    return [];
  },
  get examples() {
    return builtExamples(this, {
      fail: [
        {
          name: 'AdministratorAccess attached to a user',
          input: iamCall('AttachUserPolicy', userIdentity('alice'), { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
        },
        {
          name: 'inline "*:*" put on a role',
          input: iamCall('PutRolePolicy', roleIdentity('Deployer', 'ci-run-42'), { roleName: 'App', policyName: 'everything', policyDocument: ADMIN_DOC }),
        },
        {
          name: 'customer managed policy version made default, document looked up: Action *',
          input: iamCall('SetDefaultPolicyVersion', userIdentity('mallory'), { policyArn: 'arn:aws:iam::111122223333:policy/DataScience', versionId: 'v3' }),
          enrichment: {
            policyDocuments: {
              'arn:aws:iam::111122223333:policy/DataScience#v3': { status: 'ok', value: { version: '2012-10-17', statements: [{ index: 0, effect: 'Allow', action: ['*'], resource: ['*'] }] } },
            },
          },
        },
        {
          name: 'user added to group "Admins" whose policies could not be read (offline)',
          input: iamCall('AddUserToGroup', userIdentity('alice'), { groupName: 'Admins', userName: 'bob' }),
          enrichment: { groupPolicies: { Admins: { status: 'unavailable', reason: 'offline: no AWS credentials' } } },
        },
        {
          name: 'customer managed policy attached, document unavailable (AccessDenied): medium, unverified',
          input: iamCall('AttachRolePolicy', userIdentity('alice'), { roleName: 'App', policyArn: 'arn:aws:iam::111122223333:policy/app-permissions' }),
          enrichment: { policyDocuments: { 'arn:aws:iam::111122223333:policy/app-permissions': { status: 'unavailable', reason: 'AccessDenied' } } },
        },
      ],
      pass: [
        {
          name: 'least-privilege inline policy on a group',
          input: iamCall('PutGroupPolicy', userIdentity('alice'), { groupName: 'analysts', policyName: 's3-read', policyDocument: S3_READ_DOC }),
        },
        {
          name: 'user added to a read-only group (policies looked up)',
          input: iamCall('AddUserToGroup', userIdentity('alice'), { groupName: 'analysts', userName: 'bob' }),
          enrichment: {
            groupPolicies: {
              analysts: { status: 'ok', value: { groupName: 'analysts', attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], inlinePolicies: [], attachedDocuments: [] } },
            },
          },
        },
        {
          name: 'IAM Identity Center attaches AdministratorAccess to its own reserved role',
          input: iamCall(
            'AttachRolePolicy',
            roleIdentity('AWSServiceRoleForSSO', 'sso', { path: 'aws-service-role/sso.amazonaws.com/', invokedBy: 'sso.amazonaws.com' }),
            { roleName: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
          ),
        },
        {
          name: 'denied attempt',
          input: iamCall('AttachUserPolicy', userIdentity('mallory'), { userName: 'mallory', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, null, {
            errorCode: 'AccessDenied',
            errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: iam:AttachUserPolicy on resource: user mallory',
          }),
        },
        { name: 'SSO admin adds a user to a group with no policies', input: iamCall('AddUserToGroup', ssoIdentity('AdministratorAccess', 'dave'), { groupName: 'newcomers', userName: 'erin' }), enrichment: { groupPolicies: { newcomers: { status: 'ok', value: { groupName: 'newcomers', attachedPolicyArns: [], inlinePolicies: [], attachedDocuments: [] } } } } },
      ],
    });
  },
};
