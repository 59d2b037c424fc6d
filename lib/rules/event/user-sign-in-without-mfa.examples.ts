import type { EventExamples } from '../types';
import { consoleLogin, ssoIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `user-sign-in-without-mfa`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'IAM user without MFA',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/alice' },
      input: consoleLogin(
        { type: 'IAMUser', principalId: 'AIDACKCEVSQ6C2EXAMPLE', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' },
        'Success',
        { LoginTo: 'https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_example', MobileVersion: 'No', MFAUsed: 'No' },
      ),
    },
    {
      name: 'IAM user under a path, regional sign-in endpoint',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/data-team/bob' },
      input: consoleLogin(
        { type: 'IAMUser', principalId: 'AIDACKCEVSQ6C2EXAMPLF', arn: 'arn:aws:iam::111122223333:user/data-team/bob', accountId: '111122223333', userName: 'bob' },
        'Success',
        { LoginTo: 'https://eu-north-1.console.aws.amazon.com/console/home?region=eu-north-1', MobileVersion: 'No', MFAUsed: 'No' },
        { region: 'eu-north-1' },
      ),
    },
  ],
  pass: [
    {
      name: 'IAM user with MFA',
      input: consoleLogin(
        { type: 'IAMUser', principalId: 'AIDACKCEVSQ6C2EXAMPLE', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' },
        'Success',
        { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'Yes', MfaType: 'Virtual MFA' },
      ),
    },
    {
      name: 'SAML federated sign-in (MFA at the IdP)',
      input: consoleLogin(
        {
          type: 'AssumedRole',
          principalId: 'AROAEXAMPLEID:carol@example.com',
          arn: 'arn:aws:sts::111122223333:assumed-role/Okta-Admins/carol@example.com',
          accountId: '111122223333',
          sessionContext: {
            sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEID', arn: 'arn:aws:iam::111122223333:role/Okta-Admins', accountId: '111122223333', userName: 'Okta-Admins' },
            webIdFederationData: {},
            attributes: { creationDate: '2026-11-02T09:14:20Z', mfaAuthenticated: 'false' },
          },
        },
        'Success',
        { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No', SamlProviderArn: 'arn:aws:iam::111122223333:saml-provider/Okta' },
      ),
    },
    {
      name: 'IAM Identity Center sign-in',
      input: consoleLogin(ssoIdentity('AdministratorAccess', 'dave'), 'Success', { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' }),
    },
    {
      name: 'failed IAM user sign-in',
      input: consoleLogin(
        { type: 'IAMUser', principalId: 'AIDACKCEVSQ6C2EXAMPLE', accountId: '111122223333', accessKeyId: '', userName: 'alice' },
        'Failure',
        { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
        { errorMessage: 'Failed authentication' },
      ),
    },
  ],
};
