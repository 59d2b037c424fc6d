import type { EventRule } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import { baseEvidence, callerUserName, fillFix, iamArn, objParam, param, when } from './_util';

export interface KeyTarget {
  /** The user the key belongs to (undefined when no name could be read). */
  userName?: string;
  /** Created by the caller for itself. */
  self: boolean;
  /** Root's own key (root-access-key-created). */
  root: boolean;
  keyId?: string;
}

/**
 * Target user = requestParameters.userName ?? responseElements.accessKey.userName ?? the caller. IAM user names are
 * unique case-insensitively and carry no path, so names are compared (never ARN suffixes). A key created by a role
 * or a federated session is always for another identity.
 */
export function accessKeyTarget(ev: NormalizedEvent): KeyTarget {
  const requested = param(ev.requestParameters, 'userName');
  const key = objParam(ev.responseElements, 'accessKey');
  const responded = param(key, 'userName');
  const keyId = param(key, 'accessKeyId');
  if (ev.actor.type === 'Root') return keyTarget(keyId, requested, requested === undefined, requested === undefined);
  const caller = callerUserName(ev);
  const target = requested ?? responded ?? caller;
  if (caller !== undefined && target !== undefined && target.toLowerCase() === caller.toLowerCase()) return keyTarget(keyId, target, true, false);
  return keyTarget(keyId, target || undefined, false, false);
}

/** Built key by key, not spread from a shared base (see lib/runtime/assign-own.ts). */
function keyTarget(keyId: string | undefined, userName: string | undefined, self: boolean, root: boolean): KeyTarget {
  const t: KeyTarget = { self, root };
  if (keyId) t.keyId = keyId;
  if (userName !== undefined) t.userName = userName;
  return t;
}

export const accessKeyCreated: EventRule = {
  id: 'access-key-created',
  kind: 'event',
  title: 'IAM user created an access key for itself',
  severity: 'low',
  guide:
    'Prefer roles and temporary credentials: services use roles whose trust policy names the service, and long-lived access keys never go into code. If a key is truly needed, keep it out of code and rotate it.',
  why: 'An access key is a password that never expires and works from anywhere. Keys end up in scripts, notebooks and repositories, where they leak; a role (or `aws sso login` / `aws login`) gives short-lived credentials instead.',
  fix: {
    console: [
      'Ask whether the key is needed: code on AWS (Lambda, EC2, ECS, SageMaker) should use its role; people should use IAM Identity Center or short-lived sessions.',
      'If it is not needed: IAM console > Users > <user-name> > Security credentials > Access keys > Deactivate, then Delete key <access-key-id>.',
      'If it is needed: store it in a credentials file or secrets manager, never in code, and rotate it within 90 days.',
    ],
    cli: 'aws iam update-access-key --user-name <user-name> --access-key-id <access-key-id> --status Inactive',
  },
  controls: [],
  eventNames: ['CreateAccessKey'],
  evaluate(ev) {
    if (ev.eventName !== 'CreateAccessKey' || ev.failed) return [];
    const t = accessKeyTarget(ev);
    if (!t.self || t.root || !t.userName) return [];
    return [
      {
        resource: ev.actor.arn ?? iamArn(ev, 'user', t.userName),
        message: `IAM user ${t.userName} created an access key${t.keyId ? ` ${t.keyId}` : ''} for itself${ev.sourceIp ? ` from ${ev.sourceIp}` : ''}${when(ev)}; prefer a role or short-lived credentials.`,
        evidence: baseEvidence(ev, { targetUser: t.userName, accessKeyId: t.keyId ?? null }),
        fix: fillFix(accessKeyCreated.fix, { 'user-name': t.userName, 'access-key-id': t.keyId }),
      },
    ];
  },
};
