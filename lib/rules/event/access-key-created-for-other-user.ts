import type { EventRule } from '../types';
import { baseEvidence, fillFix, iamArn, when } from './_util';
import { accessKeyTarget } from './access-key-created';

export const accessKeyCreatedForOtherUser: EventRule = {
  id: 'access-key-created-for-other-user',
  kind: 'event',
  title: 'Access key created for another user',
  severity: 'medium',
  guide:
    'Never put long-lived access keys in code; each person manages their own credentials and services use roles. A key created by someone else for a user is the classic backdoor (privilege escalation method "CreateAccessKey").',
  why: 'Whoever creates the key holds its secret and can act as that user, with that user\'s permissions, from anywhere, until the key is deleted. Attackers use it to keep access after the original foothold is gone.',
  fix: {
    console: [
      'Confirm with the owner of <user-name> that they asked for this key.',
      'If not: IAM console > Users > <user-name> > Security credentials > Access keys > Deactivate, then Delete key <access-key-id>.',
      'Check what the key was used for: CloudTrail Event history, filter AWS access key = <access-key-id>.',
    ],
    cli: 'aws iam update-access-key --user-name <user-name> --access-key-id <access-key-id> --status Inactive',
  },
  controls: [],
  eventNames: ['CreateAccessKey'],
  evaluate(ev) {
    if (ev.eventName !== 'CreateAccessKey' || ev.failed) return [];
    const t = accessKeyTarget(ev);
    if (t.self || t.root) return [];
    const target = t.userName ?? 'an unnamed user';
    return [
      {
        resource: t.userName ? iamArn(ev, 'user', t.userName) : `arn:aws:iam::${ev.account}:user/unknown`,
        message: `${ev.actor.display} created an access key${t.keyId ? ` ${t.keyId}` : ''} for ${t.userName ? `IAM user ${target}` : target}${ev.sourceIp ? ` from ${ev.sourceIp}` : ''}${when(ev)}; the creator holds the secret and can act as that user.`,
        evidence: baseEvidence(ev, { targetUser: t.userName ?? null, accessKeyId: t.keyId ?? null }),
        fix: fillFix(accessKeyCreatedForOtherUser.fix, { 'user-name': t.userName, 'access-key-id': t.keyId }),
      },
    ];
  },
};
