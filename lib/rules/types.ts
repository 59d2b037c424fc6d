/**
 * Rule contracts. A rule is one file (metadata + evaluate) and its pass/fail examples in `<rule>.examples.ts` beside it.
 * Event rules judge one normalised CloudTrail event; posture rules judge an account snapshot.
 */
import type { Fix, Severity } from '../findings/types';
import type { NormalizedEvent } from '../cloudtrail/types';
import type { Enrichment } from '../cloudtrail/enrichment-types';
import type { AccountModel } from '../account/model';
import type { Config } from '../config/types';

export interface RuleMeta {
  id: string;
  kind: 'event' | 'posture';
  /** Short title; does not start with "Ensure". */
  title: string;
  /** Default severity (hits may raise or lower it with a reason; the user's config may override it). */
  severity: Severity;
  /** The guide's sentence this rule enforces, or the CIS / AWS rationale. */
  guide: string;
  /** Why it matters, in plain words. */
  why: string;
  fix: Fix;
  /** Security Hub / CIS control ids, e.g. `IAM.4`, `CIS-1.4`. Empty when none exists. */
  controls: string[];
}

/** Context factors used by the change score (see lib/scoring). */
export interface ScoreFactors {
  rootWithoutMfa?: boolean;
  grantToUser?: boolean;
  adminEquivalent?: boolean;
  failedAttempt?: boolean;
  /** The change could not be fully checked (enrichment failed); scored conservatively. */
  unverified?: boolean;
}

/** One thing a rule found. */
export interface RuleHit {
  /** ARN of what the finding is about (or the 12-digit account id for account-level findings). */
  resource: string;
  /** A human sentence naming the resource. */
  message: string;
  /** Overrides the rule's default severity for this hit (e.g. root sign-in without MFA is critical). */
  severity?: Severity;
  /** A more specific fix than the rule's (placeholders filled in). */
  fix?: Fix;
  evidence?: Record<string, unknown>;
  factors?: ScoreFactors;
}

export interface EventRuleContext {
  config: Config;
  enrichment: Enrichment;
}

/** An example event for the contract test: a raw input (envelope, bare record) and optional enrichment. */
export interface EventExample {
  name: string;
  input: unknown;
  enrichment?: Partial<Enrichment>;
}

/**
 * What a fail example must produce: a hit on `resource` (an ARN, or the 12-digit account id) at `severity` (the hit's
 * own severity, else the rule's default).
 */
export interface ExpectedHit {
  severity: Severity;
  resource: string;
}

/**
 * A rule's examples live in `<rule>.examples.ts` beside the rule (export `examples`), never in the rule object: the
 * function bundles import every rule and must not carry the examples or their builders (test/support). The contract
 * test (test/rules/contract.test.ts) loads them by that convention and runs them.
 */
export interface EventExamples {
  fail: (EventExample & { expect: ExpectedHit })[];
  pass: EventExample[];
}

export interface EventRule extends RuleMeta {
  kind: 'event';
  /** CloudTrail eventNames this rule can fire on (for routing checks); `*` for any. */
  eventNames: string[];
  evaluate(event: NormalizedEvent, ctx: EventRuleContext): RuleHit[];
}

export interface PostureResult {
  /** How many resources/items this rule checked (its weight in the posture score is per check). 0 = not applicable. */
  checked: number;
  hits: RuleHit[];
  /** Set when the rule could not be evaluated (input missing or a denied call); never counted as a pass. */
  notEvaluated?: string;
  /**
   * Resources the rule could not judge while it judged others (e.g. a principal whose last-accessed job failed): listed
   * in the sweep's "not evaluated" notes, and their stored findings are neither resolved nor updated.
   */
  notEvaluatedResources?: { resource: string; reason: string }[];
}

export interface PostureRuleContext {
  config: Config;
}

export interface PostureExample {
  name: string;
  account: AccountModel;
  /** Config fields this example needs (merged over DEFAULT_CONFIG), e.g. an attestation or trusted accounts. */
  config?: Partial<Config>;
}

export interface PostureRule extends RuleMeta {
  kind: 'posture';
  evaluate(account: AccountModel, ctx: PostureRuleContext): PostureResult;
}

/** A posture rule's examples, in `<rule>.examples.ts` beside it (see EventExamples). */
export interface PostureExamples {
  fail: (PostureExample & { expect: ExpectedHit })[];
  pass: PostureExample[];
}

export type Rule = EventRule | PostureRule;
