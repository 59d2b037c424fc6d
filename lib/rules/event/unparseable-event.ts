import type { EventRule } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import { parsePolicyDocument } from '../../policy/document';
import { REQUIRED_REQUEST_PARAMETERS } from '../../cloudtrail/normalize';
import { baseEvidence, iamArn, param, requestEntityArn } from './_util';
import { fillCommand } from '../../text/escape';

/** Calls whose request carries a policy document the rules must read: event name → document field. */
export const DOCUMENT_FIELDS: Record<string, string> = {
  PutUserPolicy: 'policyDocument',
  PutGroupPolicy: 'policyDocument',
  PutRolePolicy: 'policyDocument',
  CreatePolicy: 'policyDocument',
  CreatePolicyVersion: 'policyDocument',
  UpdateAssumeRolePolicy: 'policyDocument',
  CreateRole: 'assumeRolePolicyDocument',
};

/**
 * The document of a successful policy-bearing call that cannot be read (present but unparseable), or that is beyond
 * the parser's limits (too deep, an over-long pattern, too many statements: `limited`, a crafted document).
 */
export function unreadableDocument(ev: NormalizedEvent): { field: string; error: string; limited?: boolean } | undefined {
  if (ev.failed || ev.eventSource !== 'iam.amazonaws.com') return undefined;
  const field = DOCUMENT_FIELDS[ev.eventName];
  if (!field) return undefined;
  const raw = ev.requestParameters[field];
  if (raw === undefined || raw === null || raw === '') return undefined; // recorded as a problem by normalisation
  const r = parsePolicyDocument(raw);
  if (r.ok) return r.limits ? { field: `requestParameters.${field}`, error: r.limits.slice(0, 3).join('; '), limited: true } : undefined;
  return { field: `requestParameters.${field}`, error: r.error };
}

/** A successful call the rules judge by its request fields, with one of those fields unreadable. */
function unjudgedChange(ev: NormalizedEvent): boolean {
  if (ev.failed) return false;
  const required = REQUIRED_REQUEST_PARAMETERS[ev.eventName];
  if (!required) return false;
  return ev.problems.some((p) => required.some((k) => p.includes(`requestParameters.${k} `)) || /requestParameters is (missing|not an object)/.test(p));
}

function resourceOf(ev: NormalizedEvent): string {
  const named = requestEntityArn(ev);
  if (named) return named;
  const policyName = param(ev.requestParameters, 'policyName');
  if (ev.eventName === 'CreatePolicy' && policyName) return iamArn(ev, 'policy', policyName);
  return ev.account;
}

export const unparseableEvent: EventRule = {
  id: 'unparseable-event',
  kind: 'event',
  title: 'Event or policy document could not be read',
  severity: 'medium',
  guide:
    'Least privilege can only be checked on what can be read: a permission change whose content cannot be read is treated as risky until someone looks at it (bad input never silently drops an alert).',
  why: 'A record with missing or malformed fields, or a policy document that does not parse, could hide an admin grant or a tampering call. The monitor cannot judge it, so it asks a person to.',
  fix: {
    console: [
      'Open the event in the CloudTrail console (Event history, search by event ID) and read what was changed.',
      'If it was a policy change, open the policy in the IAM console and check it with "iam-guardian check-policy" or IAM Access Analyzer policy validation.',
    ],
    cli: 'aws cloudtrail lookup-events --region <region> --lookup-attributes AttributeKey=EventId,AttributeValue=<event-id>',
  },
  controls: [],
  eventNames: ['*'],
  evaluate(ev) {
    const doc = unreadableDocument(ev);
    if (ev.problems.length === 0 && !doc) return [];
    // Normalisation may already report the document (it checks required documents): say it once.
    const docAlreadyReported = doc !== undefined && ev.problems.some((p) => p.includes(doc.field));
    const docText = doc?.limited ? `${doc.field} is beyond the policy parser's limits and was only partly evaluated: ${doc.error}` : `${doc?.field} could not be parsed: ${doc?.error}`;
    const what = [...ev.problems, ...(doc && !docAlreadyReported ? [docText] : [])];
    const documentUnreadable = doc !== undefined || ev.problems.some((p) => /Document/.test(p));
    // "An event …" when the record names no eventName (never "The an event").
    const subject = ev.eventName === 'unknown' ? 'An event' : `The ${ev.eventName} event`;
    const by = ev.actor.type === 'Unknown' ? '' : ` by ${ev.actor.display}`;
    return [
      {
        resource: resourceOf(ev),
        message: `${subject}${by} (event ${ev.eventId}) could not be fully read: ${what.join('; ')}.`,
        evidence: baseEvidence(ev, { problems: what }),
        fix: {
          console: unparseableEvent.fix.console,
          cli: fillCommand(unparseableEvent.fix.cli, { region: ev.awsRegion ?? 'us-east-1', 'event-id': ev.eventId }),
        },
        factors: documentUnreadable ? { unverified: true } : {},
        // High when a privilege, credential or tamper change cannot be judged: its target or document is unreadable
        // (the rules that would judge it may have nothing to say), or its document was built to exceed the parser's
        // limits (IAM's own size limits keep real ones far inside them). A bad record must not lower the alert.
        ...(doc?.limited || unjudgedChange(ev) ? { severity: 'high' as const } : {}),
      },
    ];
  },
};
