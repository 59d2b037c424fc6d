import type { EventExamples } from '../types';
import { iamCall, roleIdentity, userIdentity } from '../../../test/support/event-records';

const meta = '<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.net/saml"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>';

/** Pass and fail examples of `identity-provider-changed`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'SAML provider created (new federation path)',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:saml-provider/okta-backup' },
      input: iamCall('CreateSAMLProvider', userIdentity('mallory'), { sAMLMetadataDocument: meta, name: 'okta-backup' }, { sAMLProviderArn: 'arn:aws:iam::111122223333:saml-provider/okta-backup' }),
    },
    {
      name: 'SAML provider metadata replaced',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:saml-provider/AzureAD' },
      input: iamCall('UpdateSAMLProvider', roleIdentity('Deployer', 'ci-run-42'), { sAMLMetadataDocument: meta, sAMLProviderArn: 'arn:aws:iam::111122223333:saml-provider/AzureAD' }, { sAMLProviderArn: 'arn:aws:iam::111122223333:saml-provider/AzureAD' }),
    },
    {
      name: 'OIDC provider for an unknown issuer',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:oidc-provider/auth.attacker-idp.example' },
      input: iamCall(
        'CreateOpenIDConnectProvider',
        userIdentity('mallory'),
        { url: 'https://auth.attacker-idp.example', clientIDList: ['sts.amazonaws.com'], thumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'] },
        { openIDConnectProviderArn: 'arn:aws:iam::111122223333:oidc-provider/auth.attacker-idp.example' },
      ),
    },
    {
      name: 'GitHub Actions OIDC provider created (medium)',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
      input: iamCall(
        'CreateOpenIDConnectProvider',
        userIdentity('alice'),
        { url: 'https://token.actions.githubusercontent.com', clientIDList: ['sts.amazonaws.com'], thumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'] },
        { openIDConnectProviderArn: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
      ),
    },
    {
      name: 'audience added to an OIDC provider',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:oidc-provider/oidc.example.org' },
      input: iamCall('AddClientIDToOpenIDConnectProvider', userIdentity('alice'), { openIDConnectProviderArn: 'arn:aws:iam::111122223333:oidc-provider/oidc.example.org', clientID: 'other-app' }),
    },
    {
      name: 'OIDC thumbprint replaced',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:oidc-provider/oidc.example.org' },
      input: iamCall('UpdateOpenIDConnectProviderThumbprint', userIdentity('mallory'), {
        openIDConnectProviderArn: 'arn:aws:iam::111122223333:oidc-provider/oidc.example.org',
        thumbprintList: ['0000000000000000000000000000000000000001'],
      }),
    },
    {
      name: 'SAML provider encryption key added (medium: signing metadata unchanged)',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:saml-provider/AzureAD' },
      input: iamCall('UpdateSAMLProvider', userIdentity('alice'), { sAMLProviderArn: 'arn:aws:iam::111122223333:saml-provider/AzureAD', assertionEncryptionMode: 'Required', addPrivateKey: 'HIDDEN_DUE_TO_SECURITY_REASONS' }),
    },
    {
      name: 'SAML provider deleted (low)',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:saml-provider/old-adfs' },
      input: iamCall('DeleteSAMLProvider', userIdentity('alice'), { sAMLProviderArn: 'arn:aws:iam::111122223333:saml-provider/old-adfs' }),
    },
  ],
  pass: [
    {
      name: 'denied CreateSAMLProvider (nothing changed; denied-sensitive-call judges attempts)',
      input: iamCall('CreateSAMLProvider', userIdentity('mallory'), { sAMLMetadataDocument: meta, name: 'backdoor' }, null, {
        errorCode: 'AccessDenied',
        errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: iam:CreateSAMLProvider on resource: arn:aws:iam::111122223333:saml-provider/backdoor',
      }),
    },
    {
      name: 'reading the providers',
      input: iamCall('ListOpenIDConnectProviders', userIdentity('alice'), null, null, { readOnly: true }),
    },
    {
      name: 'tagging a SAML provider',
      input: iamCall('TagSAMLProvider', userIdentity('alice'), { sAMLProviderArn: 'arn:aws:iam::111122223333:saml-provider/AzureAD', tags: [{ key: 'owner', value: 'it' }] }),
    },
  ],
};
