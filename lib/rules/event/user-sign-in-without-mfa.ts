import type { EventRule } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import { baseEvidence, fillFix, iamArn, param, when } from './_util';
import { isConsoleLoginSuccess, mfaUsed } from './root-sign-in';

/** SAML / IAM Identity Center sign-ins always say MFAUsed: No; MFA happens at the identity provider. */
export function isFederatedLogin(ev: NormalizedEvent): boolean {
  return (
    param(ev.additionalEventData, 'SamlProviderArn') !== undefined ||
    ev.actor.isSso ||
    ev.actor.type === 'IdentityCenterUser' ||
    ev.actor.type === 'SAMLUser' ||
    ev.actor.type === 'AssumedRole' ||
    ev.actor.type === 'FederatedUser' ||
    ev.actor.type === 'WebIdentityUser'
  );
}

export const userSignInWithoutMfa: EventRule = {
  id: 'user-sign-in-without-mfa',
  kind: 'event',
  title: 'IAM user signed in to the console without MFA',
  severity: 'medium',
  guide:
    'Turn on MFA for every person who signs in to the console (CIS 1.10 / Security Hub IAM.5); CIS 4.2 asks to be alerted on console sign-ins without MFA.',
  why: 'A console sign-in without MFA means a stolen or guessed password alone is enough to act as this user, with all the permissions the user has.',
  fix: {
    console: [
      'IAM console > Users > <user-name> > Security credentials > Multi-factor authentication (MFA) > Assign MFA device.',
      'Require MFA for the group: attach a policy that denies everything except MFA set-up when aws:MultiFactorAuthPresent is false.',
      'If the sign-in was not made by the user: disable the console password (Manage console access > Disable) and rotate it.',
    ],
    cli: 'aws iam create-virtual-mfa-device --virtual-mfa-device-name <user-name> --outfile <user-name>-mfa.png --bootstrap-method QRCodePNG && aws iam enable-mfa-device --user-name <user-name> --serial-number arn:aws:iam::<account-id>:mfa/<user-name> --authentication-code1 <code1> --authentication-code2 <code2>',
  },
  controls: ['CloudWatch.3', 'CIS-4.2', 'IAM.5', 'CIS-1.10'],
  eventNames: ['ConsoleLogin'],
  evaluate(ev) {
    if (ev.actor.type !== 'IAMUser' || !isConsoleLoginSuccess(ev)) return [];
    if (isFederatedLogin(ev) || mfaUsed(ev)) return [];
    const name = ev.actor.userName ?? 'unknown';
    const resource = ev.actor.arn ?? iamArn(ev, 'user', name);
    return [
      {
        resource,
        message: `IAM user ${name} signed in to the console without MFA${ev.sourceIp ? ` from ${ev.sourceIp}` : ''}${ev.awsRegion ? ` (${ev.awsRegion})` : ''}${when(ev)}.`,
        evidence: baseEvidence(ev, { mfaUsed: param(ev.additionalEventData, 'MFAUsed') ?? 'absent' }),
        fix: fillFix(userSignInWithoutMfa.fix, { 'user-name': name, 'account-id': ev.account }),
      },
    ];
  },
};
