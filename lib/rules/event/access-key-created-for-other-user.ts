import type { EventRule } from '../types';
import { baseEvidence, fillFix, iamArn, when } from './_util';
import { accessKeyTarget } from './access-key-created';
import { iamCall, roleIdentity, rootIdentity, userIdentity } from './_records';
import { builtExamples } from '../lazy-examples';

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
        evidence: { ...baseEvidence(ev), targetUser: t.userName ?? null, accessKeyId: t.keyId ?? null },
        fix: fillFix(accessKeyCreatedForOtherUser.fix, { 'user-name': t.userName, 'access-key-id': t.keyId }),
      },
    ];
  },
  get examples() {
    return builtExamples(this, {
      fail: [
        {
          name: 'admin creates a key for another user',
          input: iamCall('CreateAccessKey', userIdentity('alice'), { userName: 'bob' }, {
            accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLF', status: 'Active', userName: 'bob', createDate: 'Nov 2, 2026, 9:14:27 AM' },
          }),
        },
        {
          name: 'role creates a key for a user',
          input: iamCall('CreateAccessKey', roleIdentity('Deployer', 'ci-run-42'), { userName: 'svc-backup' }, {
            accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLG', status: 'Active', userName: 'svc-backup', createDate: 'Nov 2, 2026, 9:14:27 AM' },
          }),
        },
        {
          name: 'root creates a key for an IAM user',
          input: iamCall('CreateAccessKey', rootIdentity(), { userName: 'bob' }, {
            accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLH', status: 'Active', userName: 'bob', createDate: 'Nov 2, 2026, 9:14:27 AM' },
          }),
        },
      ],
      pass: [
        {
          name: 'self key',
          input: iamCall('CreateAccessKey', userIdentity('alice'), null, {
            accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', userName: 'alice', createDate: 'Nov 2, 2026, 9:14:27 AM' },
          }),
        },
        {
          name: 'self key of a path user naming itself in a different case',
          input: iamCall('CreateAccessKey', userIdentity('Bob', { path: 'data-team/' }), { userName: 'bob' }, {
            accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLF', status: 'Active', userName: 'Bob', createDate: 'Nov 2, 2026, 9:14:27 AM' },
          }),
        },
        {
          name: 'denied attempt (denied-sensitive-call)',
          input: iamCall('CreateAccessKey', userIdentity('mallory'), { userName: 'alice' }, null, {
            errorCode: 'AccessDenied',
            errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: iam:CreateAccessKey on resource: user alice because no identity-based policy allows the iam:CreateAccessKey action',
          }),
        },
      ],
    });
  },
};
