import type { EventRule } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import { baseEvidence, isDenied, param, requestEntityArn, when } from './_util';
import { GRANT_EVENTS } from './_grants';
import { isCloudTrailTamperName } from './cloudtrail-tampered';
import { monitorTarget, touchesMonitor } from './monitor-tampered';
import { resourcePolicyOpened } from './resource-policy-opened';
import { trailBucketTampered } from './trail-bucket-tampered';
import { loggingDisabled } from './logging-disabled';
import { organizationTampered } from './organization-tampered';
import { fillCommand } from '../../text/escape';

/** IAM calls the other event rules judge when they succeed. */
export const SENSITIVE_IAM_CALLS = [
  'CreateAccessKey',
  'CreateLoginProfile',
  'UpdateLoginProfile',
  ...GRANT_EVENTS,
  'CreateRole',
  'UpdateAssumeRolePolicy',
  'DeactivateMFADevice',
  'DeleteVirtualMFADevice',
  'DeleteAccountPasswordPolicy',
  'UpdateAccountPasswordPolicy',
  'DeleteUserPermissionsBoundary',
  'DeleteRolePermissionsBoundary',
  // identity-provider-changed, compromised-key-quarantined (a refused detach may be an attempt to lift AWS's quarantine)
  'CreateSAMLProvider',
  'UpdateSAMLProvider',
  'CreateOpenIDConnectProvider',
  'AddClientIDToOpenIDConnectProvider',
  'UpdateOpenIDConnectProviderThumbprint',
  'DeleteSAMLProvider',
  'DeleteOpenIDConnectProvider',
  'DetachUserPolicy',
  'DeleteUserPolicy',
];

/** Calls of other services that mint credentials (federation-token-issued, roles-anywhere-trust-changed). */
const SENSITIVE_OTHER_CALLS: Record<string, string[]> = {
  'sts.amazonaws.com': ['GetFederationToken'],
  'rolesanywhere.amazonaws.com': ['CreateTrustAnchor', 'UpdateTrustAnchor', 'EnableTrustAnchor', 'CreateProfile'],
};

function target(ev: NormalizedEvent): string {
  return requestEntityArn(ev) ?? ev.actor.arn ?? ev.account;
}

export const deniedSensitiveCall: EventRule = {
  id: 'denied-sensitive-call',
  kind: 'event',
  title: 'Refused attempt at a sensitive IAM, CloudTrail, monitor, logging or resource-policy change',
  severity: 'low',
  guide: 'CIS 4.1 (Security Hub CloudWatch.2): monitor unauthorized API calls. Least privilege means refusals are expected now and then, but a refused attempt to change permissions or the audit trail is worth a look.',
  why: 'Nothing changed, but someone (or some code) tried to grant permissions, create credentials, or blind CloudTrail or this monitor. Repeated attempts are typical of a compromised credential probing what it can do.',
  fix: {
    console: [
      'Check whether the caller named in the alert should be trying this (a misconfigured script, or someone probing).',
      'If not expected: deactivate the caller\'s access keys (IAM console > Users > Security credentials) or revoke the role\'s sessions (IAM console > Roles > Revoke sessions).',
      'Review the caller\'s other recent calls in CloudTrail Event history.',
    ],
    cli: 'aws cloudtrail lookup-events --region <region> --lookup-attributes AttributeKey=Username,AttributeValue=<caller-name> --max-results 50',
  },
  controls: ['CloudWatch.2', 'CIS-4.1'],
  eventNames: ['*'],
  evaluate(ev, ctx) {
    if (!ev.failed || !isDenied(ev)) return [];
    let resource: string | undefined;
    let medium = false;
    let what = '';
    if (ev.eventSource === 'iam.amazonaws.com' && SENSITIVE_IAM_CALLS.includes(ev.eventName)) {
      resource = target(ev);
      what = `iam:${ev.eventName}`;
    } else if (isCloudTrailTamperName(ev)) {
      const name = param(ev.requestParameters, 'name') ?? param(ev.requestParameters, 'trailName') ?? param(ev.requestParameters, 'eventDataStore');
      resource = name?.startsWith('arn:') ? name : `arn:aws:cloudtrail:${ev.awsRegion ?? 'us-east-1'}:${ev.account}:trail/${name ?? 'unknown'}`;
      what = `cloudtrail:${ev.eventName} (an attempt to change the audit trail)`;
      medium = true;
    } else if (SENSITIVE_OTHER_CALLS[ev.eventSource]?.includes(ev.eventName)) {
      resource = ev.actor.arn ?? ev.account;
      what = `${ev.eventSource.split('.')[0]}:${ev.eventName} (credentials outside IAM's users and roles)`;
    } else {
      const t = monitorTarget(ev);
      if (t && touchesMonitor(t, ctx.config.monitor.namePrefix).length > 0) {
        resource = t.resource;
        what = `${ev.eventSource.split('.')[0]}:${ev.eventName} on the monitor's ${t.kind} (an attempt to disable iam-guardian)`;
        medium = true;
      } else if (ev.eventName !== 'LeaveOrganization') {
        // Refused attempts at what the exposure / evasion rules judge, judged by the same rule as if it had succeeded
        // (a refused public bucket policy is reported, a refused harmless one is not). organization-tampered reports a
        // refused LeaveOrganization itself.
        const asIfDone = { ...ev, failed: false };
        for (const [rule, blinding] of [
          [loggingDisabled, true],
          [trailBucketTampered, true],
          [resourcePolicyOpened, false],
          [organizationTampered, false],
        ] as const) {
          if (!rule.eventNames.includes(ev.eventName)) continue;
          const hit = rule.evaluate(asIfDone, ctx)[0];
          if (!hit) continue;
          resource = hit.resource;
          what = `${ev.eventSource.split('.')[0]}:${ev.eventName} (${rule.title.charAt(0).toLowerCase()}${rule.title.slice(1)})`;
          medium = blinding;
          break;
        }
      }
    }
    if (!resource) return [];
    const callerName = ev.actor.userName ?? ev.actor.sessionName ?? ev.actor.roleName;
    return [
      {
        resource,
        severity: medium ? 'medium' : 'low',
        message: `${ev.actor.display} was refused ${what} on ${resource} (${ev.errorCode})${ev.sourceIp ? ` from ${ev.sourceIp}` : ''}${when(ev)}.`,
        evidence: baseEvidence(ev, { errorMessage: ev.errorMessage ?? null }),
        fix: {
          console: deniedSensitiveCall.fix.console,
          cli: fillCommand(deniedSensitiveCall.fix.cli, { region: ev.awsRegion ?? 'us-east-1', 'caller-name': callerName }),
        },
        factors: { failedAttempt: true },
      },
    ];
  },
};
