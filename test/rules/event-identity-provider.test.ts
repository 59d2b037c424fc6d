/**
 * identity-provider-changed, branch by branch: which OIDC issuers are in common use (anchored: a look-alike URL is not),
 * audiences recorded as one string, providers without a name or ARN, UpdateSAMLProvider's encryption-only changes, and
 * the follow-up command of each kind of call (issue 21: surviving mutants of this rule).
 */
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { identityProviderChanged, isCommonOidcHost, oidcHost } from '../../lib/rules/event/identity-provider-changed';
import { iamCall, userIdentity } from '../support/event-records';

const A = '111122223333';
const run = (eventName: string, rp: unknown, re?: unknown) => identityProviderChanged.evaluate(normalizeEvent(iamCall(eventName, userIdentity('mallory'), rp, re)), { config: DEFAULT_CONFIG, enrichment: emptyEnrichment() });

describe('common OIDC issuers', () => {
  it.each([
    ['https://token.actions.githubusercontent.com', true],
    ['https://token.actions.githubusercontent.com/octo-enterprise', true],
    ['https://token.actions.githubusercontent.com/ab', true],
    ['https://token.actions.githubusercontent.com/a', true],
    ['https://token.actions.githubusercontent.com/octo/extra', false],
    ['https://evil.example/token.actions.githubusercontent.com/octo', false],
    ['https://token.actions.githubusercontent.com/octo%2f..', false],
    ['https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', true],
    ['https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE.evil.example', false],
    ['https://evil.example/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE', false],
    ['https://oidc.circleci.com/org/0a1b2c3d-4e5f', true],
    ['https://accounts.google.com.evil.example', false],
  ])('%s → %s', (url, common) => {
    expect(isCommonOidcHost(oidcHost(url))).toBe(common);
  });
});

describe('CreateOpenIDConnectProvider audiences', () => {
  it('one audience recorded as a string is named; a value that is not a string or list is not', () => {
    const url = 'https://token.actions.githubusercontent.com';
    const [one] = run('CreateOpenIDConnectProvider', { url, clientIDList: 'sts.amazonaws.com', thumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'] });
    expect(one.message).toContain('created OpenID Connect identity provider token.actions.githubusercontent.com for audience sts.amazonaws.com (a widely used issuer;');
    const [odd] = run('CreateOpenIDConnectProvider', { url, clientIDList: 7 });
    expect(odd.message).toContain('created OpenID Connect identity provider token.actions.githubusercontent.com (a widely used issuer;');
    const [two] = run('CreateOpenIDConnectProvider', { url, clientIDList: ['sts.amazonaws.com', 5, 'api'] });
    expect(two.message).toContain('for audiences sts.amazonaws.com, api (a widely used issuer;');
  });
});

describe('providers named by nothing', () => {
  it('a SAML provider without a name or ARN is "(name not recorded)", on the account', () => {
    const [h] = run('DeleteSAMLProvider', {});
    expect([h.resource, h.severity]).toEqual([A, 'low']);
    expect(h.message).toContain('deleted SAML identity provider (name not recorded): sign-ins through it stop');
    expect(h.fix?.cli).toBe('aws iam list-saml-providers');
  });
});

describe('a SAML provider created without the response', () => {
  it('is placed at the ARN IAM gives a provider of that name', () => {
    const [h] = run('CreateSAMLProvider', { sAMLMetadataDocument: '<md/>', name: 'okta-backup' });
    expect(h.resource).toBe(`arn:aws:iam::${A}:saml-provider/okta-backup`);
    expect(h.fix?.cli).toBe(`aws iam get-saml-provider --saml-provider-arn arn:aws:iam::${A}:saml-provider/okta-backup`);
  });
});

describe('UpdateSAMLProvider', () => {
  const arn = `arn:aws:iam::${A}:saml-provider/okta`;
  it('encryption settings only: medium; metadata present or nothing readable: high', () => {
    expect(run('UpdateSAMLProvider', { sAMLProviderArn: arn, assertionEncryptionMode: 'Required' })[0].severity).toBe('medium');
    expect(run('UpdateSAMLProvider', { sAMLProviderArn: arn, removePrivateKey: 'k1' })[0].severity).toBe('medium');
    expect(run('UpdateSAMLProvider', { sAMLProviderArn: arn, sAMLMetadataDocument: '<md/>', assertionEncryptionMode: 'Required' })[0].severity).toBe('high');
    expect(run('UpdateSAMLProvider', { sAMLProviderArn: arn })[0].severity).toBe('high');
  });
});

describe('follow-up commands', () => {
  it('a deleted provider lists the remaining ones; a changed one is read back', () => {
    const oidc = `arn:aws:iam::${A}:oidc-provider/idp.example.com`;
    expect(run('DeleteOpenIDConnectProvider', { openIDConnectProviderArn: oidc })[0].fix?.cli).toBe('aws iam list-open-id-connect-providers');
    expect(run('UpdateOpenIDConnectProviderThumbprint', { openIDConnectProviderArn: oidc, thumbprintList: ['0000000000000000000000000000000000000000'] })[0].fix?.cli).toBe(
      `aws iam get-open-id-connect-provider --open-id-connect-provider-arn ${oidc}`,
    );
    expect(run('DeleteSAMLProvider', { sAMLProviderArn: `arn:aws:iam::${A}:saml-provider/okta` })[0].fix?.cli).toBe('aws iam list-saml-providers');
    expect(run('UpdateSAMLProvider', { sAMLProviderArn: `arn:aws:iam::${A}:saml-provider/okta` })[0].fix?.cli).toBe(`aws iam get-saml-provider --saml-provider-arn arn:aws:iam::${A}:saml-provider/okta`);
  });
});
