import type { EventRule } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import { parsePolicyDocument } from '../../policy/document';
import { analysePolicies } from '../../policy/analyse';
import { isAwsManagedPolicyArn, judgeAwsManagedPolicy } from '../../policy/managed';
import { baseEvidence, fillFix, objParam, param, when } from './_util';

interface SessionPolicy {
  /** No inline policy and no managed policy ARNs: AWS gives the session no identity-based permissions. */
  absent: boolean;
  adminEquivalent: boolean;
  reasons: string[];
  /** Parts that could not be judged (unparseable inline policy, customer managed policy ARNs). */
  unknown: string[];
}

/** The session policy of a GetFederationToken call (`policy` JSON string or object, `policyArns` [{arn}]). */
function sessionPolicy(ev: NormalizedEvent): SessionPolicy {
  const rp = ev.requestParameters;
  const out: SessionPolicy = { absent: true, adminEquivalent: false, reasons: [], unknown: [] };
  const inline = rp.policy;
  if (inline !== undefined && inline !== '') {
    out.absent = false;
    const parsed = parsePolicyDocument(inline);
    if (!parsed.ok) {
      // Unreadable: scored as administrator-equivalent (bad input never lowers a finding), and said.
      out.unknown.push(`inline session policy (${parsed.error})`);
      out.adminEquivalent = true;
      out.reasons.push('the inline session policy could not be read, so it is treated as administrator-equivalent');
    }
    else {
      const a = analysePolicies([parsed.document]);
      if (a.adminEquivalent) {
        out.adminEquivalent = true;
        out.reasons.push(`inline session policy: ${a.adminReasons[0] ?? 'full access'}`);
      }
    }
  }
  const arns = Array.isArray(rp.policyArns) ? rp.policyArns.slice(0, 10) : [];
  for (const item of arns) {
    const arn = typeof item === 'string' ? item : param(item !== null && typeof item === 'object' && !Array.isArray(item) ? item : undefined, 'arn');
    if (!arn) continue;
    out.absent = false;
    if (isAwsManagedPolicyArn(arn)) {
      const j = judgeAwsManagedPolicy(arn);
      if (j.adminEquivalent) {
        out.adminEquivalent = true;
        out.reasons.push(`managed session policy ${j.name}`);
      }
    } else out.unknown.push(`managed session policy ${arn}`);
  }
  return out;
}

export const federationTokenIssued: EventRule = {
  id: 'federation-token-issued',
  kind: 'event',
  title: 'Federation token issued to an IAM user',
  severity: 'medium',
  guide:
    'Use roles and short-lived credentials instead of IAM users\' long-lived keys (G6, G7); GetFederationToken is for a proxy application that was built for it, not for people.',
  why: 'GetFederationToken turns an IAM user\'s access key into session credentials that last up to 36 hours and keep working after the key is deactivated or deleted. Attackers call it right after stealing a key, to keep access and to open the console (GetSigninToken) under a name of their choosing.',
  fix: {
    console: [
      'Confirm that <user-name> runs an application that is meant to call GetFederationToken.',
      'If not: deactivate the user\'s access keys, and revoke the sessions already issued by attaching a policy that denies everything to tokens issued before now (IAM console > Users > <user-name> > Permissions > Add inline policy with a Deny on "aws:TokenIssueTime" earlier than now).',
      'Deny sts:GetFederationToken to users that do not need it (or with a service control policy).',
    ],
    cli: 'aws iam list-access-keys --user-name <user-name>',
  },
  controls: [],
  eventNames: ['GetFederationToken'],
  evaluate(ev) {
    if (ev.eventName !== 'GetFederationToken' || ev.eventSource !== 'sts.amazonaws.com' || ev.failed) return [];
    // Root calling it is root-activity's (root is never routine); service or role callers cannot call it.
    if (ev.actor.type !== 'IAMUser') return [];
    const user = ev.actor.userName ?? 'unknown';
    const name = param(ev.requestParameters, 'name');
    const fedArn = param(objParam(ev.responseElements, 'federatedUser'), 'arn');
    const duration = typeof ev.requestParameters.durationSeconds === 'number' ? ev.requestParameters.durationSeconds : undefined;
    const hours = duration !== undefined ? `${Math.round((duration / 3600) * 10) / 10} h` : 'the default 12 h';
    const sp = sessionPolicy(ev);
    const base = `${ev.actor.display} obtained federation-token credentials${name ? ` named ${name}` : ''} valid for ${hours}${ev.sourceIp ? ` from ${ev.sourceIp}` : ''}${when(ev)}; they stay valid after the user's access key is deactivated or deleted.`;
    let detail: string;
    if (sp.adminEquivalent) {
      detail = ` The session policy is administrator-equivalent (${sp.reasons.join('; ')}), so the session carries everything ${user} may do; whether ${user} is an administrator was not checked here (see the sweep's admin-access findings).`;
    } else if (sp.absent) {
      detail = ' No session policy was passed, so AWS gives the session no identity-based permissions; it can still use resources whose policies name the federated user, and the call itself is unusual.';
    } else if (sp.unknown.length > 0) {
      detail = ` The session policy could not be fully judged (${sp.unknown.join('; ')}).`;
    } else detail = ' The session policy is narrower than administrator access.';
    return [
      {
        resource: ev.actor.arn ?? fedArn ?? ev.account,
        severity: sp.adminEquivalent ? 'high' : 'medium',
        message: base + detail,
        evidence: baseEvidence(ev, {
          federatedUser: fedArn ?? name ?? null,
          durationSeconds: duration ?? null,
          sessionPolicy: sp.absent ? 'none' : sp.adminEquivalent ? 'admin-equivalent' : sp.unknown.length ? 'not fully checked' : 'limited',
          ...(sp.reasons.length ? { adminReasons: sp.reasons } : {}),
        }),
        fix: fillFix(federationTokenIssued.fix, { 'user-name': ev.actor.userName }),
        factors: sp.adminEquivalent ? { adminEquivalent: true } : sp.unknown.length ? { unverified: true } : {},
      },
    ];
  },
};
