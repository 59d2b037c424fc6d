import type { EventRule } from '../types';
import { baseEvidence, fillFix, iamArn, lastSegment, param, rootArn, when } from './_util';
import { namesRootMfa } from './root-credentials-changed';

export const mfaRemoved: EventRule = {
  id: 'mfa-removed',
  kind: 'event',
  title: 'MFA device deactivated or deleted',
  severity: 'high',
  guide: 'Turn on MFA for every person who signs in (CIS 1.10 / Security Hub IAM.5, IAM.19). Removing MFA should be rare and planned (a lost device, replaced at once).',
  why: 'Without MFA a stolen password is enough to sign in as the user. Attackers who gain IAM permissions remove MFA to lock the owner out or to reuse a phished password.',
  fix: {
    console: [
      'Confirm with <user-name> that they lost or replaced the device.',
      'IAM console > Users > <user-name> > Security credentials > Assign MFA device, and have the user register a new device at once.',
      'If nobody asked for it: disable the user\'s console password and access keys until the owner has confirmed.',
    ],
    cli: 'aws iam list-mfa-devices --user-name <user-name>',
  },
  controls: ['IAM.5', 'IAM.19', 'CIS-1.10'],
  eventNames: ['DeactivateMFADevice', 'DeleteVirtualMFADevice'],
  evaluate(ev) {
    if ((ev.eventName !== 'DeactivateMFADevice' && ev.eventName !== 'DeleteVirtualMFADevice') || ev.failed) return [];
    // Root's own MFA (no userName, "AWS ROOT USER", or a root MFA serial): root-credentials-changed says it, critical.
    const rootDevice = namesRootMfa(ev);
    if (ev.actor.type === 'Root' && (param(ev.requestParameters, 'userName') === undefined || rootDevice)) return [];
    const serial = param(ev.requestParameters, 'serialNumber');
    if (rootDevice) {
      // Another principal acting on root's device: never described as an IAM user named "AWS ROOT USER".
      return [
        {
          resource: rootArn(ev),
          message: `${ev.actor.display} ${ev.eventName === 'DeactivateMFADevice' ? 'deactivated' : 'deleted'} the root user's MFA device${serial ? ` ${lastSegment(serial)}` : ''}${ev.sourceIp ? ` from ${ev.sourceIp}` : ''}${when(ev)}.`,
          severity: 'critical',
          evidence: baseEvidence(ev, { serialNumber: serial ?? null, targetUser: 'root' }),
          fix: {
            console: [
              "Sign in as root > Security credentials: assign an MFA device to root at once (only the root user can assign root's MFA devices: an IAM identity cannot, even an administrator).",
              `Find out how ${ev.actor.display} could act on root's MFA device (a call as root, or a misread record) and, if nobody asked for it, disable that principal's credentials until the owner has confirmed.`,
            ],
            cli: 'aws iam get-account-summary --query "SummaryMap.AccountMFAEnabled"' },
          factors: { rootWithoutMfa: true },
        },
      ];
    }
    const user = param(ev.requestParameters, 'userName') ?? (ev.eventName === 'DeactivateMFADevice' ? ev.actor.userName : undefined);
    const resource = user ? iamArn(ev, 'user', user) : serial ?? `arn:aws:iam::${ev.account}:mfa/unknown`;
    const deviceName = serial ? lastSegment(serial) : 'an MFA device';
    const verb = ev.eventName === 'DeactivateMFADevice' ? 'deactivated' : 'deleted the virtual';
    const self = user !== undefined && ev.actor.type === 'IAMUser' && ev.actor.userName?.toLowerCase() === user.toLowerCase();
    return [
      {
        resource,
        message: `${ev.actor.display} ${verb} MFA device ${deviceName}${user ? ` of IAM user ${user}${self ? ' (their own)' : ''}` : ''}${ev.sourceIp ? ` from ${ev.sourceIp}` : ''}${when(ev)}.`,
        evidence: baseEvidence(ev, { serialNumber: serial ?? null, targetUser: user ?? null }),
        fix: user
          ? fillFix(mfaRemoved.fix, { 'user-name': user })
          : { console: mfaRemoved.fix.console, cli: 'aws iam list-virtual-mfa-devices --assignment-status Any' },
      },
    ];
  },
};
