/**
 * Runs every enabled posture rule on an account model and turns the hits into findings with the user's config
 * applied (severity overrides, suppressions). A rule that throws becomes a "not evaluated" entry: the sweep never
 * crashes on one bad rule or odd input.
 */
import type { AccountModel } from '../account/model';
import type { Config } from '../config/types';
import { applyConfig, ruleEnabled } from '../config/apply';
import type { Finding, Severity } from '../findings/types';
import { severityRank } from '../findings/types';
import { makeFinding } from '../findings/finding';
import type { PostureRule, RuleHit } from '../rules/types';
import { POSTURE_RULES } from '../rules/posture';
import { postureScore, roundScore, severityWeight } from './score';
import { principalAnalysisErrors } from './principals';

export interface RuleSummary {
  /** Checks the rule ran (resources it looked at); at least the number of its findings. */
  checked: number;
  /** Open (unsuppressed) findings. */
  failed: number;
  /** Suppressed findings (left out of the score). */
  suppressed: number;
  /** Rule severity after the config's override. */
  severity: Severity;
  /** Σ severity weight of the open findings (see score.ts). */
  failedWeight: number;
  notEvaluated?: string;
}

export interface PostureEvaluation {
  account: string;
  takenAt: string;
  /** Posture score 0–100, one decimal (score.ts). */
  score: number;
  /** Findings, most severe first; suppressed ones kept with status `suppressed`. */
  findings: Finding[];
  rules: Record<string, RuleSummary>;
  /**
   * ruleId → why it could not be evaluated; `<ruleId> (<resource>)` (notEvaluatedResourceKey) → why that rule could
   * not judge that resource while it judged the others.
   */
  notEvaluated: Record<string, string>;
  /**
   * Input problems that did not stop the sweep but limit what it could judge, e.g. a policy document that could not
   * be parsed (its holder was judged without it).
   */
  warnings: string[];
}

function tagsIndex(account: AccountModel): Map<string, Record<string, string>> {
  const m = new Map<string, Record<string, string>>();
  for (const e of [...account.users, ...account.roles]) {
    if (e.Tags?.length) m.set(e.Arn, Object.fromEntries(e.Tags.map((t) => [t.Key, t.Value])));
  }
  return m;
}

/** One hit per resource (the finding uid is per rule + resource): keep the most severe. */
function dedupe(rule: PostureRule, hits: RuleHit[]): RuleHit[] {
  const by = new Map<string, RuleHit>();
  for (const h of hits) {
    const prev = by.get(h.resource);
    if (!prev || severityRank(h.severity ?? rule.severity) > severityRank(prev.severity ?? rule.severity)) by.set(h.resource, h);
  }
  return [...by.values()];
}

/** Per-resource "not evaluated" notes kept per rule (a rule's list is bounded by its own input, this bounds the notes). */
const MAX_NOT_EVALUATED_RESOURCES = 5000;

/**
 * Key of a resource the rule could not judge in PostureEvaluation.notEvaluated (rule-level keys are the bare rule
 * id): `<ruleId> (<resource>)`. reconcile() leaves the stored finding of that rule and resource as it was.
 */
export function notEvaluatedResourceKey(ruleId: string, resource: string): string {
  return `${ruleId} (${resource})`;
}

export function evaluateAccount(account: AccountModel, config: Config, now: string = account.takenAt, rules: PostureRule[] = POSTURE_RULES): PostureEvaluation {
  const summaries: Record<string, RuleSummary> = {};
  const notEvaluated: Record<string, string> = {};
  const raw: Finding[] = [];
  for (const rule of rules) {
    if (!ruleEnabled(rule.id, config)) continue;
    const severity = config.severityOverrides[rule.id] ?? rule.severity;
    try {
      const result = rule.evaluate(account, { config });
      if (result.notEvaluated) {
        notEvaluated[rule.id] = result.notEvaluated;
        summaries[rule.id] = { checked: 0, failed: 0, suppressed: 0, severity, failedWeight: 0, notEvaluated: result.notEvaluated };
        continue;
      }
      for (const n of (result.notEvaluatedResources ?? []).slice(0, MAX_NOT_EVALUATED_RESOURCES)) {
        notEvaluated[notEvaluatedResourceKey(rule.id, n.resource)] = n.reason;
      }
      const hits = dedupe(rule, result.hits);
      for (const h of hits) raw.push(makeFinding(rule, h, account.accountId, now));
      summaries[rule.id] = { checked: Math.max(result.checked, hits.length), failed: 0, suppressed: 0, severity, failedWeight: 0 };
    } catch (e) {
      const reason = `The rule failed on this account's data (${e instanceof Error ? e.message : String(e)}); it was not evaluated.`;
      notEvaluated[rule.id] = reason;
      summaries[rule.id] = { checked: 0, failed: 0, suppressed: 0, severity, failedWeight: 0, notEvaluated: reason };
    }
  }
  const tags = tagsIndex(account);
  const findings = applyConfig(markNotFullyEvaluated(raw, account), config, now, (r) => tags.get(r));
  for (const f of findings) {
    const s = summaries[f.ruleId];
    if (!s) continue;
    if (f.status === 'suppressed') s.suppressed += 1;
    else {
      s.failed += 1;
      s.failedWeight += severityWeight(f.severity);
    }
  }
  findings.sort(
    (a, b) =>
      Number(a.status === 'suppressed') - Number(b.status === 'suppressed') ||
      severityRank(b.severity) - severityRank(a.severity) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.resource.localeCompare(b.resource),
  );
  return {
    account: account.accountId,
    takenAt: account.takenAt,
    score: roundScore(postureScore(summaries)),
    findings,
    rules: summaries,
    notEvaluated,
    warnings: [
      ...(account.documentErrors ?? []).map(
        (d) => `${d.policy} of ${d.resource} could not be read (${d.error}); the admin, escalation and trust checks judged ${d.resource} without it.`,
      ),
      ...(account.documentWarnings ?? []).map((d) => `${d.policy} of ${d.resource}: ${d.warning}; the checks read the rest of the document.`),
      ...principalAnalysisErrors(account).map((e) => `${e.arn}: ${e.error}; the admin-access and privilege-escalation checks could not judge it. Review its policies by hand.`),
    ],
  };
}

/**
 * Findings on an identity (or policy) whose documents could not be fully read say so: the holder of an unreadable or
 * partly read policy, the members of such a group, the principals a broken managed policy is attached to.
 */
function markNotFullyEvaluated(findings: Finding[], account: AccountModel): Finding[] {
  const problems = new Map<string, string[]>();
  const add = (resource: string, what: string) => {
    const l = problems.get(resource) ?? [];
    if (!l.includes(what) && l.length < 5) l.push(what);
    problems.set(resource, l);
  };
  const issues = [
    ...(account.documentErrors ?? []).map((d) => ({ resource: d.resource, what: `${d.policy} of ${d.resource} could not be read` })),
    ...(account.documentWarnings ?? []).map((d) => ({ resource: d.resource, what: `${d.policy} of ${d.resource} has a statement that could not be interpreted` })),
  ];
  if (issues.length === 0) return findings;
  for (const { resource, what } of issues) {
    add(resource, what);
    for (const u of account.users) {
      if (u.AttachedManagedPolicies.some((a) => a.PolicyArn === resource) || account.groups.some((g) => g.Arn === resource && u.GroupList.includes(g.GroupName))) add(u.Arn, what);
      else if (account.groups.some((g) => u.GroupList.includes(g.GroupName) && g.AttachedManagedPolicies.some((a) => a.PolicyArn === resource))) add(u.Arn, what);
    }
    for (const r of account.roles) if (r.AttachedManagedPolicies.some((a) => a.PolicyArn === resource)) add(r.Arn, what);
  }
  return findings.map((f) => {
    const p = problems.get(f.resource);
    if (!p) return f;
    return { ...f, message: `${f.message} Not fully evaluated: ${p.join('; ')}.`, evidence: { ...f.evidence, notFullyEvaluated: p } };
  });
}
