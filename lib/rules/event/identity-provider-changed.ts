import type { EventRule, RuleHit } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import type { Severity } from '../../findings/types';
import { baseEvidence, fillFix, param, partition, when } from './_util';

const SAML_EVENTS = ['CreateSAMLProvider', 'UpdateSAMLProvider', 'DeleteSAMLProvider'];
const OIDC_EVENTS = ['CreateOpenIDConnectProvider', 'AddClientIDToOpenIDConnectProvider', 'UpdateOpenIDConnectProviderThumbprint', 'DeleteOpenIDConnectProvider'];

/**
 * OIDC issuers in common use whose tokens AWS verifies against its own library of trusted root CAs (the thumbprint is
 * not used for them): a provider for one of these is a routine CI / Kubernetes / identity-pool setup. Any other issuer
 * URL is run by someone the account owner must know: whoever controls that server can mint tokens.
 */
const COMMON_OIDC_HOSTS: RegExp[] = [
  /^token\.actions\.githubusercontent\.com$/,
  /^accounts\.google\.com$/,
  /^cognito-identity\.amazonaws\.com$/,
  /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com\/id\/[A-Za-z0-9]+$/,
  /^gitlab\.com$/,
  /^app\.terraform\.io$/,
  /^oidc\.circleci\.com\/org\/[A-Za-z0-9-]+$/,
  /^token\.actions\.githubusercontent\.com\/[A-Za-z0-9_.-]+$/,
];

/** Host (and path) of an OIDC provider from its URL (`https://host/path`) or ARN (`…:oidc-provider/host/path`). */
export function oidcHost(urlOrArn: string): string {
  const m = /:oidc-provider\/(.+)$/.exec(urlOrArn);
  const raw = m ? m[1] : urlOrArn.replace(/^https:\/\//i, '');
  return raw.replace(/\/+$/, '').toLowerCase().slice(0, 300);
}

export function isCommonOidcHost(host: string): boolean {
  return COMMON_OIDC_HOSTS.some((r) => r.test(host));
}

function providerArn(ev: NormalizedEvent): string | undefined {
  return (
    param(ev.requestParameters, 'sAMLProviderArn') ??
    param(ev.responseElements, 'sAMLProviderArn') ??
    param(ev.requestParameters, 'openIDConnectProviderArn') ??
    param(ev.responseElements, 'openIDConnectProviderArn')
  );
}

function stringList(v: unknown): string[] {
  // Bounded: these strings come from the event and go into an e-mail.
  const list = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 20) : typeof v === 'string' ? [v] : [];
  return list.map((x) => x.slice(0, 200));
}

const TRUST_NOTE =
  'Roles whose trust policy names an identity provider without a condition on who the caller is (the OIDC provider\'s :sub claim) are reported by trust-policy-public when set and by role-trust-public in the nightly sweep.';

export const identityProviderChanged: EventRule = {
  id: 'identity-provider-changed',
  kind: 'event',
  title: 'SAML or OpenID Connect identity provider created or changed',
  severity: 'high',
  guide:
    'Manage people centrally through one identity provider you control (CIS 1.21); an identity provider in IAM is a door into the account and is added or changed only as a planned change.',
  why: 'An identity provider lets anyone holding its signing key (SAML) or able to obtain its tokens (OIDC) assume every role that trusts it, without an IAM user or access key. Attackers add a provider, or replace a provider\'s signing metadata, to keep access that survives deleting their keys.',
  fix: {
    console: [
      'Confirm with whoever manages single sign-on or CI that they made this change to <provider-arn>.',
      'If not: IAM console > Identity providers > open the provider > Delete (or restore its previous metadata / thumbprints / audiences).',
      'IAM console > Roles: check every role whose trust relationship names this provider, and that it limits who may use it (for OIDC a :sub condition naming your repository or service account).',
    ],
    cli: 'aws iam list-open-id-connect-providers && aws iam list-saml-providers',
  },
  controls: ['CIS-1.21'],
  eventNames: [...SAML_EVENTS, ...OIDC_EVENTS],
  evaluate(ev) {
    if (ev.failed || ev.eventSource !== 'iam.amazonaws.com') return [];
    if (!SAML_EVENTS.includes(ev.eventName) && !OIDC_EVENTS.includes(ev.eventName)) return [];
    const rp = ev.requestParameters;
    const arn = providerArn(ev);
    const saml = SAML_EVENTS.includes(ev.eventName);
    const url = param(rp, 'url');
    const host = url ? oidcHost(url) : arn && !saml ? oidcHost(arn) : undefined;
    const name = saml ? (param(rp, 'name') ?? (arn ? arn.split('/').pop() : undefined)) : host;
    const label = `${saml ? 'SAML' : 'OpenID Connect'} identity provider ${name ?? arn ?? '(name not recorded)'}`;
    const resource =
      arn ??
      (saml && name
        ? `arn:${partition(ev)}:iam::${ev.account}:saml-provider/${name}`
        : host
          ? `arn:${partition(ev)}:iam::${ev.account}:oidc-provider/${host}`
          : ev.account);
    const common = host !== undefined && isCommonOidcHost(host);
    let severity: Severity;
    let what: string;
    switch (ev.eventName) {
      case 'CreateSAMLProvider':
        severity = 'high';
        what = `created ${label}: whoever holds the signing key in its metadata can sign in to every role that trusts it`;
        break;
      case 'UpdateSAMLProvider':
        // Medium only when the call visibly changed just the encryption settings; a missing or unreadable metadata field
        // otherwise is scored as a metadata replacement (bad input never lowers a finding).
        if (!(rp.sAMLMetadataDocument === undefined && (rp.assertionEncryptionMode !== undefined || rp.addPrivateKey !== undefined || rp.removePrivateKey !== undefined))) {
          severity = 'high';
          what = `replaced the signing metadata of ${label}: whoever holds the new key can sign in to every role that trusts the provider`;
        } else {
          // Only the assertion-encryption settings or private keys changed (assertionEncryptionMode, add/removePrivateKey).
          severity = 'medium';
          what = `changed the assertion encryption settings of ${label} (the signing metadata is unchanged)`;
        }
        break;
      case 'CreateOpenIDConnectProvider': {
        severity = common ? 'medium' : 'high';
        const audiences = stringList(rp.clientIDList);
        what = `created ${label}${audiences.length ? ` for audience${audiences.length > 1 ? 's' : ''} ${audiences.join(', ')}` : ''}${
          common ? ' (a widely used issuer; what matters is which roles trust it and on what condition)' : ': an issuer not in common use, whoever runs it can mint tokens for the roles that trust it'
        }`;
        break;
      }
      case 'AddClientIDToOpenIDConnectProvider':
        severity = 'medium';
        what = `added audience ${param(rp, 'clientID')?.slice(0, 200) ?? '(not recorded)'} to ${label}: tokens issued for that client are now accepted`;
        break;
      case 'UpdateOpenIDConnectProviderThumbprint':
        severity = common ? 'medium' : 'high';
        what = `replaced the certificate thumbprints of ${label} with ${stringList(rp.thumbprintList).join(', ') || '(not recorded)'}${
          common ? ' (AWS verifies this issuer with its own trusted CAs, so the thumbprint matters less)' : ': the account now trusts whichever server presents that certificate for the issuer'
        }`;
        break;
      default:
        severity = 'low';
        what = `deleted ${label}: sign-ins through it stop (and roles that trust it no longer work)`;
    }
    const creating = ev.eventName.startsWith('Create') || ev.eventName.startsWith('Update') || ev.eventName.startsWith('Add');
    const hit: RuleHit = {
      resource,
      severity,
      message: `${ev.actor.display} ${what}${ev.sourceIp ? `, from ${ev.sourceIp}` : ''}${when(ev)}.${creating ? ` ${TRUST_NOTE}` : ''}`,
      evidence: baseEvidence(ev, {
        provider: arn ?? name ?? null,
        ...(host ? { issuer: host, commonIssuer: common } : {}),
      }),
      fix: fillFix(
        {
          console: identityProviderChanged.fix.console,
          cli: saml
            ? ev.eventName === 'DeleteSAMLProvider'
              ? 'aws iam list-saml-providers'
              : 'aws iam get-saml-provider --saml-provider-arn <provider-arn>'
            : ev.eventName === 'DeleteOpenIDConnectProvider'
              ? 'aws iam list-open-id-connect-providers'
              : 'aws iam get-open-id-connect-provider --open-id-connect-provider-arn <provider-arn>',
        },
        { 'provider-arn': arn ?? resource },
      ),
    };
    return [hit];
  },
};
