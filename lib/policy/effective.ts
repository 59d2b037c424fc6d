/**
 * Effective permissions of one principal: its identity policies (inline, attached, and those of its groups),
 * intersected with its permissions boundary, minus explicit Deny; NotAction/NotResource handled; Conditions
 * recorded as "conditional". `sources` says which policies make each finding possible.
 */
import { analyseDetailed, type PolicyAnalysis } from './analyse';
import type { PolicyDocument } from './document';

export interface PrincipalPolicies {
  /** The user's or role's ARN. */
  arn: string;
  /** Every identity policy that applies: `source` names it (e.g. "inline:alice/ssh", a managed policy ARN, "group:devs/inline:x"). */
  identityPolicies: { source: string; document: PolicyDocument }[];
  boundary?: PolicyDocument;
  /** ARNs of the principal's groups (so "own group" self-grants are judged exactly). Omit when unknown. */
  groups?: string[];
  /** ARNs of the managed policies attached to it or its groups (so CreatePolicyVersion on one of them is a self-grant). Omit when unknown. */
  attachedPolicyArns?: string[];
  /** Role ARNs known to be privileged in the account (PassRole to one of them + compute ⇒ admin-equivalent). */
  privilegedRoles?: string[];
}

export type EffectivePermissions = PolicyAnalysis & {
  /**
   * Finding key → the `source`s of the policies whose statements make it possible. Keys: `admin`,
   * `escalation:<method>`, `sensitive:<id>`, `full-access:<service>`.
   */
  sources: Record<string, string[]>;
};

export function effectivePermissions(p: PrincipalPolicies): EffectivePermissions {
  const docs = p.identityPolicies.map((x) => x.document);
  const labels = p.identityPolicies.map((x) => x.source);
  const detailed = analyseDetailed(docs, {
    principalArn: p.arn,
    boundary: p.boundary ? [p.boundary] : undefined,
    labels,
    groups: p.groups,
    attachedPolicyArns: p.attachedPolicyArns,
    privilegedRoles: p.privilegedRoles,
  });
  const sources: Record<string, string[]> = {};
  const shared = new Map<unknown, string[]>(); // the same statement list (e.g. one "*" grant behind 400 services) → one array
  for (const [key, stmts] of Object.entries(detailed.statementsFor)) {
    let list = shared.get(stmts);
    if (!list) {
      list = [...new Set(stmts.map((s) => (s.doc < labels.length ? labels[s.doc] : 'permissions boundary')))];
      shared.set(stmts, list);
    }
    sources[key] = list;
  }
  const result = detailed as Partial<typeof detailed> & { sources?: Record<string, string[]> };
  delete result.statementsFor;
  result.sources = sources;
  return result as EffectivePermissions;
}
