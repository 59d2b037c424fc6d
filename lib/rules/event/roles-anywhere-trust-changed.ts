import type { EventRule, RuleHit } from '../types';
import type { JsonObject, NormalizedEvent } from '../../cloudtrail/types';
import type { Severity } from '../../findings/types';
import { baseEvidence, boolParam, fillFix, objParam, param, partition, when } from './_util';
import { envelope, record, roleIdentity, userIdentity } from './_records';
import { builtExamples } from '../lazy-examples';

const ANCHOR_EVENTS = ['CreateTrustAnchor', 'UpdateTrustAnchor', 'EnableTrustAnchor'];
const EVENTS = [...ANCHOR_EVENTS, 'CreateProfile'];

interface AnchorSource {
  type?: string;
  pcaArn?: string;
}

/** The trust anchor's source as the request set it or the response reports it (`source.sourceType`, `source.sourceData`). */
function anchorSource(ev: NormalizedEvent): AnchorSource | undefined {
  const src = objParam(ev.requestParameters, 'source') ?? objParam(objParam(ev.responseElements, 'trustAnchor'), 'source');
  if (!src) return undefined;
  const data: JsonObject | undefined = objParam(src, 'sourceData');
  return { type: param(src, 'sourceType'), pcaArn: param(data, 'acmPcaArn') };
}

function anchorArn(ev: NormalizedEvent): string | undefined {
  return param(objParam(ev.responseElements, 'trustAnchor'), 'trustAnchorArn');
}

function judge(ev: NormalizedEvent, src: AnchorSource | undefined): { severity: Severity; why: string; unverified?: boolean } {
  if (!src || !src.type) {
    return { severity: 'medium', why: 'its certificate source is not in the event, so whether it is an outside certificate authority could not be checked', unverified: true };
  }
  if (src.type === 'AWS_ACM_PCA') {
    const account = src.pcaArn ? /^arn:aws[a-z-]*:acm-pca:[a-z0-9-]*:(\d{12}):/.exec(src.pcaArn)?.[1] : undefined;
    if (account === ev.account) return { severity: 'medium', why: `its certificate authority is AWS Private CA ${src.pcaArn} of this account` };
    return {
      severity: 'high',
      why: account
        ? `its certificate authority is AWS Private CA ${src.pcaArn} in another account (${account}): whoever runs that CA can mint credentials here`
        : `its AWS Private CA (${src.pcaArn ?? 'ARN not recorded'}) could not be placed in this account`,
    };
  }
  if (src.type === 'CERTIFICATE_BUNDLE') {
    return { severity: 'high', why: 'it trusts an uploaded certificate bundle: whoever holds that CA\'s private key can mint certificates that obtain role credentials here, from anywhere' };
  }
  return { severity: 'high', why: `its certificate source type is ${JSON.stringify(src.type.slice(0, 60))}` };
}

export const rolesAnywhereTrustChanged: EventRule = {
  id: 'roles-anywhere-trust-changed',
  kind: 'event',
  title: 'IAM Roles Anywhere trust anchor or profile created or changed',
  severity: 'high',
  guide:
    'Give workloads outside AWS role credentials only through a certificate authority you control; every IAM Roles Anywhere trust anchor is a certificate authority that can mint role credentials, and adding one is a planned change.',
  why: 'A trust anchor makes a certificate authority a source of AWS credentials: anyone who can get a certificate from it, anywhere on the internet, can obtain temporary credentials for the roles a profile lists. Attackers register their own CA this way to keep access that no access key rotation removes.',
  fix: {
    console: [
      'Confirm that whoever runs your workloads outside AWS created <anchor> on purpose and that the certificate authority is yours.',
      'If not: IAM Roles Anywhere console > Trust anchors > select it > Disable, then Delete; delete profiles you did not create.',
      'IAM console > Roles: remove rolesanywhere.amazonaws.com from the trust policy of roles that should not be reachable by certificate.',
    ],
    cli: 'aws rolesanywhere disable-trust-anchor --trust-anchor-id <trust-anchor-id>',
  },
  controls: [],
  eventNames: EVENTS,
  evaluate(ev) {
    if (ev.failed || ev.eventSource !== 'rolesanywhere.amazonaws.com' || !EVENTS.includes(ev.eventName)) return [];
    const rp = ev.requestParameters;
    const region = ev.awsRegion ? ` in ${ev.awsRegion}` : '';
    if (ev.eventName === 'CreateProfile') {
      const profile = objParam(ev.responseElements, 'profile');
      const roles = (Array.isArray(rp.roleArns) ? rp.roleArns : []).filter((r): r is string => typeof r === 'string').slice(0, 10);
      const name = param(rp, 'name') ?? param(profile, 'name') ?? '(name not recorded)';
      const arn = param(profile, 'profileArn');
      const hit: RuleHit = {
        resource: arn ?? roles[0] ?? ev.account,
        severity: 'medium',
        message: `${ev.actor.display} created IAM Roles Anywhere profile ${name}${region}${roles.length ? ` for role${roles.length > 1 ? 's' : ''} ${roles.join(', ')}` : ''}${when(ev)}: holders of a certificate from any of the account's trust anchors can now obtain ${roles.length > 1 ? 'these roles\'' : 'this role\'s'} credentials.`,
        evidence: { ...baseEvidence(ev), profile: arn ?? name, roleArns: roles },
        fix: {
          console: rolesAnywhereTrustChanged.fix.console,
          cli: fillFix({ console: [], cli: 'aws rolesanywhere disable-profile --profile-id <profile-id>' }, { 'profile-id': param(profile, 'profileId') }).cli,
        },
      };
      return [hit];
    }
    const src = anchorSource(ev);
    const j = judge(ev, src);
    const anchor = objParam(ev.responseElements, 'trustAnchor');
    const id = param(rp, 'trustAnchorId') ?? param(anchor, 'trustAnchorId');
    const name = param(rp, 'name') ?? param(anchor, 'name') ?? id ?? '(name not recorded)';
    const enabled = boolParam(rp, 'enabled') ?? boolParam(anchor, 'enabled');
    const verb = ev.eventName === 'CreateTrustAnchor' ? 'created' : ev.eventName === 'UpdateTrustAnchor' ? 'changed the certificate source of' : 'enabled';
    const hit: RuleHit = {
      resource: anchorArn(ev) ?? (id ? `arn:${partition(ev)}:rolesanywhere:${ev.awsRegion ?? 'us-east-1'}:${ev.account}:trust-anchor/${id}` : ev.account),
      severity: j.severity,
      message: `${ev.actor.display} ${verb} IAM Roles Anywhere trust anchor ${name}${region}${when(ev)}: ${j.why}.${enabled === false && ev.eventName === 'CreateTrustAnchor' ? ' It was created disabled; enabling it makes it live.' : ''}`,
      evidence: { ...baseEvidence(ev), trustAnchor: anchorArn(ev) ?? id ?? null, sourceType: src?.type ?? null, acmPcaArn: src?.pcaArn ?? null },
      fix: fillFix(rolesAnywhereTrustChanged.fix, { anchor: name, 'trust-anchor-id': id }),
      ...(j.unverified ? { factors: { unverified: true } } : {}),
    };
    return [hit];
  },
  get examples() {
    const ra = (eventName: string, ui: Record<string, unknown>, requestParameters: unknown, responseElements?: unknown, region = 'eu-west-1') =>
      envelope(record({ eventName, eventSource: 'rolesanywhere.amazonaws.com', userIdentity: ui, requestParameters, responseElements, region }));
    const pem = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExampleOnlyNotARealCertificate0wCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n';
    const anchorResponse = (source: Record<string, unknown>) => ({
      trustAnchor: {
        createdAt: '2026-11-02T09:14:27.380711Z',
        enabled: true,
        name: 'edge-ca',
        source,
        trustAnchorArn: 'arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/0ace5b12-24b9-427e-a483-c55884852fbf',
        trustAnchorId: '0ace5b12-24b9-427e-a483-c55884852fbf',
        updatedAt: '2026-11-02T09:14:27.380711Z',
      },
    });
    return builtExamples(this, {
      fail: [
        {
          name: 'trust anchor with an uploaded certificate bundle (high)',
          input: ra(
            'CreateTrustAnchor',
            userIdentity('mallory'),
            { enabled: true, name: 'edge-ca', source: { sourceData: { x509CertificateData: pem }, sourceType: 'CERTIFICATE_BUNDLE' } },
            anchorResponse({ sourceData: { x509CertificateData: pem }, sourceType: 'CERTIFICATE_BUNDLE' }),
          ),
        },
        {
          name: 'trust anchor on this account\'s private CA (medium)',
          input: ra(
            'CreateTrustAnchor',
            roleIdentity('PlatformAdmin', 'alice'),
            { enabled: true, name: 'edge-ca', source: { sourceData: { acmPcaArn: 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555' }, sourceType: 'AWS_ACM_PCA' } },
          ),
        },
        {
          name: 'trust anchor switched to another account\'s private CA',
          input: ra('UpdateTrustAnchor', userIdentity('mallory'), {
            trustAnchorId: '0ace5b12-24b9-427e-a483-c55884852fbf',
            source: { sourceData: { acmPcaArn: 'arn:aws:acm-pca:eu-west-1:444455556666:certificate-authority/99999999-2222-3333-4444-555555555555' }, sourceType: 'AWS_ACM_PCA' },
          }),
        },
        {
          name: 'trust anchor enabled (source from the response)',
          input: ra('EnableTrustAnchor', userIdentity('mallory'), { trustAnchorId: '0ace5b12-24b9-427e-a483-c55884852fbf' }, anchorResponse({ sourceData: { x509CertificateData: pem }, sourceType: 'CERTIFICATE_BUNDLE' })),
        },
        {
          name: 'profile created for a role',
          input: ra(
            'CreateProfile',
            userIdentity('mallory'),
            { name: 'edge-workers', roleArns: ['arn:aws:iam::111122223333:role/edge-admin'], durationSeconds: 3600, enabled: true },
            { profile: { name: 'edge-workers', profileArn: 'arn:aws:rolesanywhere:eu-west-1:111122223333:profile/6f1e2d3c-24b9-427e-a483-c55884852fbf', profileId: '6f1e2d3c-24b9-427e-a483-c55884852fbf', roleArns: ['arn:aws:iam::111122223333:role/edge-admin'], enabled: true } },
          ),
        },
      ],
      pass: [
        {
          name: 'trust anchor disabled',
          input: ra('DisableTrustAnchor', userIdentity('alice'), { trustAnchorId: '0ace5b12-24b9-427e-a483-c55884852fbf' }),
        },
        {
          name: 'denied CreateTrustAnchor',
          input: envelope(
            record({
              eventName: 'CreateTrustAnchor',
              eventSource: 'rolesanywhere.amazonaws.com',
              userIdentity: userIdentity('mallory'),
              requestParameters: { enabled: true, name: 'x', source: { sourceData: { x509CertificateData: pem }, sourceType: 'CERTIFICATE_BUNDLE' } },
              errorCode: 'AccessDeniedException',
              errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: rolesanywhere:CreateTrustAnchor',
              region: 'eu-west-1',
            }),
          ),
        },
        {
          name: 'listing trust anchors',
          input: ra('ListTrustAnchors', userIdentity('alice'), null),
        },
      ],
    });
  },
};
