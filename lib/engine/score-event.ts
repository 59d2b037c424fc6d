/**
 * The change scorer: one raw event (envelope or bare record) → ScoredEvent.
 * normalise → (enrich) → run the enabled event rules routed by eventName → findings → config (overrides,
 * suppressions) → change score. A rule that throws never loses the event: its exception becomes an
 * `unparseable-event` finding naming the rule. Pure: no AWS SDK; the optional EnrichmentSource does the I/O.
 */
import type { Config } from '../config/types';
import { applyConfig, ruleEnabled } from '../config/apply';
import type { Finding, Severity } from '../findings/types';
import { severityRank } from '../findings/types';
import { makeFinding } from '../findings/finding';
import type { EventRule, EventRuleContext, RuleHit, RuleMeta, ScoreFactors } from '../rules/types';
import { EVENT_RULES } from '../rules/event';
import type { NormalizedEvent } from '../cloudtrail/types';
import type { Enrichment, EnrichmentSource } from '../cloudtrail/enrichment-types';
import { extractActor, normalizeEvent, READ_PROBLEM_KEY, REQUIRED_REQUEST_PARAMETERS } from '../cloudtrail/normalize';
import { enrich, offlineEnrichment } from '../cloudtrail/enrich';
import { changeScore } from '../scoring/change';
import { assignOwn } from '../runtime/assign-own';
import { BudgetExceededError, checkBudget, withBudget } from '../policy/budget';
import { signInObservation, type SignInCounter, type SignInWindowCounts, type SignInObservation } from '../store/sign-in-counter';

export interface ScoredEvent {
  eventId: string;
  eventName: string;
  account: string;
  eventTime?: string;
  region?: string;
  actor: string;
  sourceIp?: string;
  severity: Severity | 'none';
  score: number;
  alert: boolean;
  findings: Finding[];
  event: NormalizedEvent;
}

export interface ScoreOptions {
  config: Config;
  /** ISO time used for findings' firstSeen/lastSeen and suppression expiry (default: now). */
  now?: string;
  /** Rules to run (default EVENT_RULES); for tests. */
  rules?: readonly EventRule[];
  /**
   * Time budget for judging one event, in ms (default DEFAULT_EVENT_BUDGET_MS). An event the rules cannot judge in
   * time is alerted as `unparseable-event` high naming the reason and the rules not run; it is never dropped.
   */
  budgetMs?: number;
}

/** Default per-event time budget: far above a real event (well under 10 ms) and far below the Lambda's 30 s timeout. */
export const DEFAULT_EVENT_BUDGET_MS = 5000;
/** In-memory sign-in counters for the offline scorer (`score`, `replay`): MemorySignInCounter. */
export interface SyncSignInCounter {
  observeSync(obs: SignInObservation): SignInWindowCounts;
}

export const UNPARSEABLE_RULE_ID = 'unparseable-event';

/** Used when the catalogue has no `unparseable-event` rule (and for rule crashes): the event is never lost. */
const FALLBACK_UNPARSEABLE: RuleMeta = {
  id: UNPARSEABLE_RULE_ID,
  kind: 'event',
  title: 'Event could not be fully read',
  severity: 'medium',
  guide: 'Monitoring must not silently drop events it cannot read: an unreadable risky change still has to be seen.',
  why: 'A change the monitor cannot read may be exactly the one that matters; a person should look at it.',
  fix: {
    console: ['Open CloudTrail > Event history, search for the event id, and review the change by hand.'],
    cli: 'aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventId,AttributeValue=<event-id> --region us-east-1',
  },
  controls: [],
};

/** Strips Lambda-style API version suffixes: DeleteFunction20150331 → DeleteFunction, UpdateFunctionCode20150331v2 → UpdateFunctionCode. */
export function baseEventName(name: string): string {
  // Most names do not end in a digit: skip the regex (and the string it allocates) for them.
  const last = name.charCodeAt(name.length - 1);
  if (!(last >= 48 && last <= 57)) return name;
  return name.replace(/\d{8}(v\d+)?$/, '');
}

export interface RuleIndex {
  byName: Map<string, EventRule[]>;
  always: EventRule[];
  unparseable?: EventRule;
  unparseableEnabled: boolean;
  /** The `*` rules are only ones whose trigger the quiet-record pre-check knows (see quietScore). */
  quietCheckOk: boolean;
}

/**
 * `*` rules whose preconditions the quiet pre-check rules out: root-activity needs a Root actor, denied-sensitive-call
 * a failed call, unparseable-event problems from normalisation or an unreadable IAM policy document.
 */
const QUIET_SAFE_ALWAYS = new Set(['root-activity', 'denied-sensitive-call', UNPARSEABLE_RULE_ID]);

const indexCache = new WeakMap<Config, WeakMap<readonly EventRule[], RuleIndex>>();

/** eventName → enabled rules (precomputed per config and rule list; `*` rules always run). */
export function ruleIndex(config: Config, rules: readonly EventRule[] = EVENT_RULES): RuleIndex {
  let perRules = indexCache.get(config);
  if (!perRules) {
    perRules = new WeakMap();
    indexCache.set(config, perRules);
  }
  const cached = perRules.get(rules);
  if (cached) return cached;
  const idx: RuleIndex = {
    byName: new Map(),
    always: [],
    unparseableEnabled: ruleEnabled(UNPARSEABLE_RULE_ID, config),
    // Stryker disable next-line BooleanLiteral: always assigned below before the index is returned (docs/mutation.md)
    quietCheckOk: false,
  };
  for (const rule of rules) {
    if (rule.id === UNPARSEABLE_RULE_ID) idx.unparseable = rule;
    if (!ruleEnabled(rule.id, config)) continue;
    if (rule.eventNames.includes('*')) {
      idx.always.push(rule);
      continue;
    }
    for (const name of new Set(rule.eventNames.flatMap((n) => [n, baseEventName(n)]))) {
      const list = idx.byName.get(name) ?? [];
      if (!list.includes(rule)) list.push(rule);
      idx.byName.set(name, list);
    }
  }
  // Only for the real catalogue: a custom rule list may reuse an id with other logic.
  idx.quietCheckOk = rules === EVENT_RULES && idx.always.every((r) => QUIET_SAFE_ALWAYS.has(r.id));
  perRules.set(rules, idx);
  return idx;
}

function rulesFor(idx: RuleIndex, eventName: string): EventRule[] {
  const exact = idx.byName.get(eventName);
  const base = baseEventName(eventName);
  // Stryker disable next-line ConditionalExpression: looking up an unchanged name again finds `exact`, deduplicated below (docs/mutation.md)
  const stripped = base !== eventName ? idx.byName.get(base) : undefined;
  // Stryker disable next-line ConditionalExpression: the merge below yields the same rules as idx.always (docs/mutation.md)
  if (!exact && !stripped) return idx.always;
  const out = [...idx.always];
  // Stryker disable next-line ConditionalExpression: a name's list never repeats a rule nor holds a `*` rule (docs/mutation.md)
  for (const r of exact ?? []) if (!out.includes(r)) out.push(r);
  for (const r of stripped ?? []) if (!out.includes(r)) out.push(r);
  return out;
}

function errorText(err: unknown): string {
  try {
    if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 500);
    return String(err).slice(0, 500);
  } catch {
    return 'unprintable error';
  }
}

interface Pending {
  rule: RuleMeta;
  hit: RuleHit;
}

/** `{ ...hit, [key]: value }`, built by assignment (see lib/runtime/assign-own.ts). */
function copyWith<K extends keyof RuleHit>(hit: RuleHit, key: K, value: RuleHit[K]): RuleHit {
  const h = assignOwn({} as RuleHit, hit);
  h[key] = value;
  return h;
}

/** Severity floor for a change that could not be checked: "a privilege change of unknown content is at least medium". */
function withUnverifiedFloor(hit: RuleHit, rule: RuleMeta): RuleHit {
  if (!hit.factors?.unverified) return hit;
  const sev = hit.severity ?? rule.severity;
  // Stryker disable next-line EqualityOperator: `<=` sets medium on a medium hit, the same value (docs/mutation.md)
  return severityRank(sev) < severityRank('medium') ? copyWith(hit, 'severity', 'medium') : hit;
}

function evidenceOf(ev: NormalizedEvent, hit: RuleHit): Record<string, unknown> {
  // Built by assignment, not spread + delete (delete turned every evidence object into a slow dictionary). Same keys
  // in the same order as `{ ...base, ...hit.evidence }` with scoreFactors set to the hit's factors or left out.
  const out: Record<string, unknown> = {
    eventId: ev.eventId,
    eventName: ev.eventName,
    actor: ev.actor.display,
  };
  if (ev.actor.arn) out.actorArn = ev.actor.arn;
  if (ev.eventTime) out.eventTime = ev.eventTime;
  if (ev.awsRegion) out.region = ev.awsRegion;
  if (ev.sourceIp) out.sourceIp = ev.sourceIp;
  if (ev.userAgent) out.userAgent = ev.userAgent;
  if (ev.errorCode) out.errorCode = ev.errorCode;
  const factors = hit.factors && Object.values(hit.factors).some(Boolean) ? hit.factors : undefined;
  const extra = hit.evidence;
  if (extra) {
    for (const k of Object.keys(extra)) {
      if (k === 'scoreFactors') {
        if (factors) out.scoreFactors = factors;
      } else out[k] = extra[k];
    }
  }
  if (factors && out.scoreFactors === undefined) out.scoreFactors = factors;
  return out;
}

/** The event's rules in order, their hits (or the reason a rule gave none) into `pending`; within withBudget. */
function evaluateRules(ev: NormalizedEvent, ctx: EventRuleContext, rules: readonly EventRule[], idx: RuleIndex, budgetMs: number, pending: Pending[]): void {
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r];
    try {
      checkBudget();
      const hits = rule.evaluate(ev, ctx);
      if (Array.isArray(hits)) for (const hit of hits) pending.push({ rule, hit: withUnverifiedFloor(hit, rule) });
    } catch (err) {
      if (err instanceof BudgetExceededError) {
        // Out of time: the event is alerted (high) with the reason, and the rules not run are named: never dropped.
        const notRun = rules.slice(r).map((x) => x.id);
        pending.push({
          rule: idx.unparseable ?? FALLBACK_UNPARSEABLE,
          hit: {
            resource: ev.account,
            severity: 'high',
            message: `The ${ev.eventName} event ${ev.eventId} could not be judged within the ${budgetMs} ms time budget (a crafted policy or input?); rules not completed: ${notRun.join(', ')}. Review the event by hand.`,
            evidence: { failedRule: rule.id, notRun, error: errorText(err), budgetMs, problems: ev.problems },
            factors: { unverified: true },
          },
        });
        break;
      }
      if (!idx.unparseableEnabled) continue;
      pending.push({
        rule: idx.unparseable ?? FALLBACK_UNPARSEABLE,
        hit: {
          resource: ev.account,
          severity: 'medium',
          message: `Rule ${rule.id} could not evaluate ${ev.eventName} event ${ev.eventId} (${errorText(err)}); review the event by hand.`,
          evidence: { failedRule: rule.id, error: errorText(err), problems: ev.problems },
          factors: { unverified: true },
        },
      });
    }
  }
}

/** Scores an already-normalised event with the given enrichment. Sync, no I/O; never throws for rule failures. */
export function scoreNormalized(ev: NormalizedEvent, enrichment: Enrichment, opts: ScoreOptions): ScoredEvent {
  const { config } = opts;
  const idx = ruleIndex(config, opts.rules ?? EVENT_RULES);
  const pending: Pending[] = [];
  const ctx = { config, enrichment };
  const budgetMs = opts.budgetMs ?? DEFAULT_EVENT_BUDGET_MS;
  const rules = rulesFor(idx, ev.eventName);
  // One deadline for the event's rules: each starts only while time is left, and the policy work inside stops at it.
  withBudget(budgetMs, () => evaluateRules(ev, ctx, rules, idx, budgetMs, pending));
  // Safety net: an event with problems always carries an unparseable-event finding (the catalogue's rule normally
  // writes it; if the rule is missing or did not fire for this problem, the engine does), unless the user disabled it.
  if (ev.problems.length > 0 && idx.unparseableEnabled && !pending.some((p) => p.rule.id === UNPARSEABLE_RULE_ID)) {
    pending.push({
      rule: idx.unparseable ?? FALLBACK_UNPARSEABLE,
      hit: {
        resource: ev.account,
        message: `Event ${ev.eventName} (${ev.eventId}) could not be fully read: ${ev.problems.slice(0, 5).join('; ')}.`,
        evidence: { problems: ev.problems },
        factors: { unverified: true },
      },
    });
  }

  const base: ScoredEvent = {
    eventId: ev.eventId,
    eventName: ev.eventName,
    account: ev.account,
    actor: ev.actor.display,
    severity: 'none',
    score: 0,
    alert: false,
    findings: [],
    event: ev,
  };
  if (ev.eventTime) base.eventTime = ev.eventTime;
  if (ev.awsRegion) base.region = ev.awsRegion;
  if (ev.sourceIp) base.sourceIp = ev.sourceIp;
  if (pending.length === 0) return base;

  const now = opts.now ?? new Date().toISOString();
  const raw: Finding[] = pending.map((p) => makeFinding(p.rule, copyWith(p.hit, 'evidence', evidenceOf(ev, p.hit)), ev.account, now));
  const applied = applyConfig(raw, config, now);
  const s = changeScore(
    applied.map((f) => ({
      severity: f.severity,
      suppressed: f.status === 'suppressed',
      factors: f.evidence.scoreFactors as ScoreFactors | undefined,
    })),
    config.alertThreshold,
  );
  // Worst first, so a reader (and the alert subject) sees what matters.
  const findings = applied
    .map((f, i) => ({ f, i }))
    .sort((a, b) => severityRank(b.f.severity) - severityRank(a.f.severity) || a.i - b.i)
    .map((x) => x.f);
  // base is this call's own object: completed in place (same keys and order as `{ ...base, ...s, findings }`).
  assignOwn(base, s);
  base.findings = findings;
  return base;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

function truthyFlag(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/** An object or list where normalisation wants an optional string (it reports those). */
function objectValue(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}

/** Where normalisation wants an object: '' / null / absent are accepted as empty, anything else but an object is not. */
function objectOrEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || isObj(v);
}

/**
 * A 'none' result whose `event` and `actor` are computed on first read. They are accessors on the prototype (an
 * object literal with accessors was slower to build than normalising, measured; most quiet results are counted and
 * dropped without anyone reading either), so unlike the full path's result they are not own enumerable properties:
 * spread or JSON.stringify a ScoredEvent field by field (as the CLI does), not wholesale.
 * The other fields are own properties in the same order as scoreNormalized's result.
 */
class QuietScored implements ScoredEvent {
  eventId: string;
  eventName: string;
  account: string;
  severity: 'none';
  score: number;
  alert: boolean;
  findings: Finding[];
  declare eventTime?: string;
  declare region?: string;
  declare sourceIp?: string;
  #event: NormalizedEvent | undefined;
  #actor: string | undefined;
  readonly #input: Obj;

  constructor(eventId: string, eventName: string, account: string, input: Obj) {
    this.eventId = eventId;
    this.eventName = eventName;
    this.account = account;
    this.severity = 'none';
    this.score = 0;
    this.alert = false;
    this.findings = [];
    this.#input = input;
  }

  get event(): NormalizedEvent {
    return (this.#event ??= normalizeEvent(this.#input));
  }

  set event(v: NormalizedEvent) {
    this.#event = v;
  }

  /** quietScore checked userIdentity is an object with a non-empty string type: extractActor records no problem. */
  get actor(): string {
    if (this.#actor === undefined) {
      try {
        this.#actor = extractActor(this.#input.userIdentity, [], '', this.#input.eventType === 'AwsServiceEvent').display;
      } catch {
        // Only an input no JSON parser makes (a throwing getter): normalisation reports it.
        this.#actor = this.event.actor.display;
      }
    }
    return this.#actor;
  }

  set actor(v: string) {
    this.#actor = v;
  }
}

/**
 * The name part of the quiet pre-check (quietScore, and the replay's byte-level pre-scans): no required request
 * parameters for the name (`in` also catches inherited names such as "constructor"), and no rule routed to the name
 * or its Lambda-suffix-free base name.
 *
 * IAM records pass like any other: the only thing unparseable-event reads in an IAM record beyond normalisation's
 * problems is the policy document of a DOCUMENT_FIELDS call, and every such call has required request parameters
 * (test/engine/score-event-paths.test.ts checks it). So the IAM reads (GetRole, ListUsers, …) that fill real
 * archives are quiet, not parsed and scored one by one.
 */
export function quietEventNameAllowed(idx: RuleIndex, eventName: string): boolean {
  if (eventName in REQUIRED_REQUEST_PARAMETERS) return false;
  return !idx.byName.has(eventName) && !idx.byName.has(baseEventName(eventName));
}

/**
 * The quiet-record fast path: for a bare CloudTrail record that no rule can flag, the 'none' result without
 * normalising it or running any rule. Returns undefined (→ full path) unless ALL of these hold, which together mean
 * normalisation records no problem and every rule that would run returns nothing:
 *  - a plain object, not an EventBridge envelope; non-empty string eventID, eventName, eventSource;
 *  - no rule is routed to its eventName (or its Lambda-suffix-free base name) and the `*` rules are only the known
 *    ones (QUIET_SAFE_ALWAYS); no required
 *    request parameters (REQUIRED_REQUEST_PARAMETERS; `in` also catches inherited names such as "constructor");
 *  - not a failed call: no errorCode, and responseElements.ConsoleLogin is not "Failure";
 *  - userIdentity is an object with a non-empty string type other than Root and no assumedRoot flag;
 *  - no object where normalisation wants a string, no non-object where it wants an object;
 *  - an account id (recipientAccountId or userIdentity.accountId) other than "unknown".
 * The result's `event` is normalised lazily on first read (from the same input object, so do not mutate it).
 * test/engine/quiet-fast-path.test.ts checks fast == full on samples and random mutations.
 */
export function quietScore(input: unknown, idx: RuleIndex): ScoredEvent | undefined {
  if (!idx.quietCheckOk || !isObj(input) || 'detail' in input) return undefined;
  try {
    // Every field is read once by name: records come in many shapes, and named reads of megamorphic objects are
    // cheaper than keyed reads in a loop (this runs for nearly every record of an archive).
    const { eventID, eventName, eventSource, userIdentity: ui } = input;
    if (!nonEmpty(eventID) || !nonEmpty(eventName) || !nonEmpty(eventSource)) return undefined;
    if (!quietEventNameAllowed(idx, eventName) || READ_PROBLEM_KEY in input) return undefined;
    if (input.errorCode !== undefined && input.errorCode !== null) return undefined;
    // Optional string fields normalisation reports only when they hold an object (or list).
    const { eventType, eventTime, awsRegion, sourceIPAddress, recipientAccountId } = input;
    if (objectValue(eventType) || objectValue(eventTime) || objectValue(awsRegion) || objectValue(sourceIPAddress)) return undefined;
    if (objectValue(input.userAgent) || objectValue(input.errorMessage) || objectValue(recipientAccountId)) return undefined;
    const responseElements = input.responseElements;
    if (!objectOrEmpty(input.requestParameters) || !objectOrEmpty(responseElements) || !objectOrEmpty(input.additionalEventData)) return undefined;
    if (isObj(responseElements) && responseElements.ConsoleLogin === 'Failure') return undefined;
    if (!isObj(ui) || !nonEmpty(ui.type) || ui.type === 'Root' || truthyFlag(ui.assumedRoot)) return undefined;
    const sessionContext = ui.sessionContext;
    if (isObj(sessionContext) && truthyFlag(sessionContext.assumedRoot)) return undefined;
    const account = nonEmpty(recipientAccountId) ? recipientAccountId : nonEmpty(ui.accountId) ? ui.accountId : undefined;
    if (account === undefined || account === 'unknown') return undefined;
    // userIdentity is an object with a non-empty string type, so extractActor would record no problem: the actor's
    // description is left to the first read (QuietScored.actor).
    const out = new QuietScored(eventID, eventName, account, input);
    if (nonEmpty(eventTime)) out.eventTime = eventTime;
    if (nonEmpty(awsRegion)) out.region = awsRegion;
    if (nonEmpty(sourceIPAddress)) out.sourceIp = sourceIPAddress;
    return out;
    // Stryker disable next-line BlockStatement: an empty catch also returns undefined (docs/mutation.md)
  } catch {
    // A value no JSON parser produces (throwing getter, Proxy): the full path handles it.
    return undefined;
  }
}

/** Scores one raw event offline (no I/O): enrichment given, or every lookup `unavailable` (offline). */
export function scoreEventOffline(input: unknown, opts: ScoreOptions & { enrichment?: Enrichment; signIns?: SyncSignInCounter }): ScoredEvent {
  const quiet = quietScore(input, ruleIndex(opts.config, opts.rules ?? EVENT_RULES));
  if (quiet) return quiet;
  return scoreEventFull(input, opts);
}

/** scoreEventOffline without the quiet-record fast path (the reference the fast path is tested against). */
export function scoreEventFull(input: unknown, opts: ScoreOptions & { enrichment?: Enrichment; signIns?: SyncSignInCounter }): ScoredEvent {
  return scoreNormalizedOffline(normalizeEvent(input), opts);
}

/** scoreEventFull of an event already normalised (normalizeEvent). */
export function scoreNormalizedOffline(ev: NormalizedEvent, opts: ScoreOptions & { enrichment?: Enrichment; signIns?: SyncSignInCounter }): ScoredEvent {
  let enrichment = opts.enrichment ?? offlineEnrichment(ev);
  if (opts.signIns && enrichment.signIn === undefined) {
    const obs = signInObservation(ev);
    if (obs) {
      // A copy: the caller's enrichment object is not changed.
      let signIn: Enrichment['signIn'];
      try {
        signIn = { status: 'ok', value: opts.signIns.observeSync(obs) };
      } catch (err) {
        signIn = { status: 'unavailable', reason: errorText(err) };
      }
      enrichment = assignOwn({} as Enrichment, enrichment);
      enrichment.signIn = signIn;
    }
  }
  return scoreNormalized(ev, enrichment, opts);
}

/** What applies to one account's events (Organizations mode: the central scorer judges every member account). */
export interface AccountScope {
  /** The account's configuration (lib/config/accounts.ts configForAccount). */
  config: Config;
  /** Where its IAM is read; a string says why it is not (every lookup is then `unavailable` with that reason). */
  source?: EnrichmentSource | string;
}

/**
 * Scores one raw event, reading what it does not carry through `source` (when given) and counting console sign-ins
 * with `signIns` (the state table's counters in the Lambda). A counter that fails leaves the counts `unavailable`:
 * the rules still run and say so. `forAccount` (when given) chooses the configuration and the enrichment source by
 * the event's account, once it is read; it must not throw.
 */
export async function scoreEvent(
  input: unknown,
  opts: ScoreOptions & { source?: EnrichmentSource; signIns?: SignInCounter; forAccount?: (account: string) => Promise<AccountScope> },
): Promise<ScoredEvent> {
  const ev = normalizeEvent(input);
  const scope = opts.forAccount ? await opts.forAccount(ev.account) : undefined;
  if (scope) opts = { ...opts, config: scope.config };
  const source = scope ? scope.source : opts.source;
  const enrichment = typeof source === 'string' ? offlineEnrichment(ev, source) : await enrich(ev, source);
  const obs = opts.signIns ? signInObservation(ev) : undefined;
  if (opts.signIns && obs) {
    try {
      enrichment.signIn = { status: 'ok', value: await opts.signIns.observe(obs) };
    } catch (err) {
      enrichment.signIn = { status: 'unavailable', reason: errorText(err) };
    }
  }
  return scoreNormalized(ev, enrichment, opts);
}
