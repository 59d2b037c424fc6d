import type { EventRule, RuleHit } from '../types';
import type { JsonObject, NormalizedEvent } from '../../cloudtrail/types';
import type { Severity } from '../../findings/types';
import { baseEvidence, boolParam, fillFix, objParam, param, partition, when } from './_util';

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
        evidence: baseEvidence(ev, { profile: arn ?? name, roleArns: roles }),
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
      evidence: baseEvidence(ev, { trustAnchor: anchorArn(ev) ?? id ?? null, sourceType: src?.type ?? null, acmPcaArn: src?.pcaArn ?? null }),
      fix: fillFix(rolesAnywhereTrustChanged.fix, { anchor: name, 'trust-anchor-id': id }),
      ...(j.unverified ? { factors: { unverified: true } } : {}),
    };
    return [hit];
  },
};
