import type { EventRule } from '../types';
import { baseEvidence, boolParam, callerUserName, fillFix, iamArn, param, when } from './_util';

export const loginProfileForOtherUser: EventRule = {
  id: 'login-profile-for-other-user',
  kind: 'event',
  title: 'Console password set for another user without a forced reset',
  severity: 'medium',
  guide:
    'Every person signs in with their own credentials and MFA. When an administrator sets a console password for someone, it must be a one-time password the user changes at first sign-in (privilege escalation methods CreateLoginProfile / UpdateLoginProfile).',
  why: 'Whoever set the password knows it and can sign in to the console as that user, with that user\'s permissions, until the user changes it. Without "require password reset" the user may never change it.',
  fix: {
    console: [
      'Confirm with <user-name> that they asked for a new console password.',
      'IAM console > Users > <user-name> > Security credentials > Console sign-in > Manage console access: set a new password and tick "User must create a new password at next sign-in" (or disable console access).',
      'Make sure the user has MFA.',
    ],
    cli: 'aws iam update-login-profile --user-name <user-name> --password-reset-required',
  },
  controls: [],
  eventNames: ['CreateLoginProfile', 'UpdateLoginProfile'],
  evaluate(ev) {
    if ((ev.eventName !== 'CreateLoginProfile' && ev.eventName !== 'UpdateLoginProfile') || ev.failed) return [];
    const caller = callerUserName(ev);
    const raw = ev.requestParameters.userName;
    // CreateLoginProfile without userName acts on the caller (the parameter is optional there). Otherwise a userName
    // that is not a usable string (null, a number, a list…, or absent from UpdateLoginProfile, which requires it) is
    // unknown and may be another user: the finding is kept with the target shown as unknown.
    const optionalAbsent = raw === undefined && ev.eventName === 'CreateLoginProfile';
    const unreadable = !optionalAbsent && param(ev.requestParameters, 'userName') === undefined;
    const target = unreadable ? '(name unreadable)' : (param(ev.requestParameters, 'userName') ?? caller);
    if (!target) return [];
    if (!unreadable && caller !== undefined && caller.toLowerCase() === target.toLowerCase()) return [];
    if (boolParam(ev.requestParameters, 'passwordResetRequired') === true) return [];
    const verb = ev.eventName === 'CreateLoginProfile' ? 'created a console password' : 'changed the console password';
    return [
      {
        resource: unreadable ? ev.account : iamArn(ev, 'user', target),
        message: `${ev.actor.display} ${verb} for IAM user ${target} without requiring a reset at next sign-in${ev.sourceIp ? ` (from ${ev.sourceIp})` : ''}${when(ev)}; the setter knows the password.`,
        evidence: baseEvidence(ev, { targetUser: unreadable ? null : target, passwordResetRequired: boolParam(ev.requestParameters, 'passwordResetRequired') ?? null }),
        fix: fillFix(loginProfileForOtherUser.fix, unreadable ? {} : { 'user-name': target }),
      },
    ];
  },
};
