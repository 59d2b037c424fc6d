/** The current identity policies of every user and role of an account, as the sweep resolves them (lib/posture). */
import type { AccountModel } from '../account/model';
import { principalPolicies } from '../posture/principals';
import type { CurrentPolicies } from './propose';

export function currentPolicies(account: AccountModel): CurrentPolicies[] {
  return principalPolicies(account).map((p) => ({
    arn: p.arn,
    kind: p.kind,
    sources: p.sources.map((s) => ({ label: s.label, document: s.document })),
    boundary: p.boundary,
    groups: p.groups,
    attachedPolicyArns: p.attachedPolicyArns,
    unresolved: p.unresolved,
  }));
}
