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
import type { EventRule, RuleHit, RuleMeta, ScoreFactors } from '../rules/types';
import { EVENT_RULES } from '../rules/event';
import type { NormalizedEvent } from '../cloudtrail/types';
import type { Enrichment, EnrichmentSource } from '../cloudtrail/enrichment-types';
import { normalizeEvent } from '../cloudtrail/normalize';
import { enrich, offlineEnrichment } from '../cloudtrail/enrich';
import { changeScore } from '../scoring/change';

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
  return name.replace(/\d{8}(v\d+)?$/, '');
}

interface RuleIndex {
  byName: Map<string, EventRule[]>;
  always: EventRule[];
  unparseable?: EventRule;
  unparseableEnabled: boolean;
}

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
  const idx: RuleIndex = { byName: new Map(), always: [], unparseableEnabled: ruleEnabled(UNPARSEABLE_RULE_ID, config) };
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
  perRules.set(rules, idx);
  return idx;
}

function rulesFor(idx: RuleIndex, eventName: string): EventRule[] {
  const exact = idx.byName.get(eventName);
  const base = baseEventName(eventName);
  const stripped = base !== eventName ? idx.byName.get(base) : undefined;
  if (!exact && !stripped) return idx.always;
  const out = [...idx.always];
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

/** Severity floor for a change that could not be checked: "a privilege change of unknown content is at least medium". */
function withUnverifiedFloor(hit: RuleHit, rule: RuleMeta): RuleHit {
  if (!hit.factors?.unverified) return hit;
  const sev = hit.severity ?? rule.severity;
  return severityRank(sev) < severityRank('medium') ? { ...hit, severity: 'medium' } : hit;
}

function evidenceOf(ev: NormalizedEvent, hit: RuleHit): Record<string, unknown> {
  const e: Record<string, unknown> = {
    eventId: ev.eventId,
    eventName: ev.eventName,
    actor: ev.actor.display,
  };
  if (ev.actor.arn) e.actorArn = ev.actor.arn;
  if (ev.eventTime) e.eventTime = ev.eventTime;
  if (ev.awsRegion) e.region = ev.awsRegion;
  if (ev.sourceIp) e.sourceIp = ev.sourceIp;
  if (ev.userAgent) e.userAgent = ev.userAgent;
  if (ev.errorCode) e.errorCode = ev.errorCode;
  const out: Record<string, unknown> = { ...e, ...(hit.evidence ?? {}) };
  if (hit.factors && Object.values(hit.factors).some(Boolean)) out.scoreFactors = hit.factors;
  else delete out.scoreFactors;
  return out;
}

/** Scores an already-normalised event with the given enrichment. Sync, no I/O; never throws for rule failures. */
export function scoreNormalized(ev: NormalizedEvent, enrichment: Enrichment, opts: ScoreOptions): ScoredEvent {
  const { config } = opts;
  const idx = ruleIndex(config, opts.rules ?? EVENT_RULES);
  const pending: Pending[] = [];
  const ctx = { config, enrichment };
  for (const rule of rulesFor(idx, ev.eventName)) {
    try {
      const hits = rule.evaluate(ev, ctx);
      if (Array.isArray(hits)) for (const hit of hits) pending.push({ rule, hit: withUnverifiedFloor(hit, rule) });
    } catch (err) {
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
  const raw: Finding[] = pending.map((p) => makeFinding(p.rule, { ...p.hit, evidence: evidenceOf(ev, p.hit) }, ev.account, now));
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
  return { ...base, ...s, findings };
}

/** Scores one raw event offline (no I/O): enrichment given, or every lookup `unavailable` (offline). */
export function scoreEventOffline(input: unknown, opts: ScoreOptions & { enrichment?: Enrichment }): ScoredEvent {
  const ev = normalizeEvent(input);
  return scoreNormalized(ev, opts.enrichment ?? offlineEnrichment(ev), opts);
}

/** Scores one raw event, reading what it does not carry through `source` (when given). */
export async function scoreEvent(input: unknown, opts: ScoreOptions & { source?: EnrichmentSource }): Promise<ScoredEvent> {
  const ev = normalizeEvent(input);
  const enrichment = await enrich(ev, opts.source);
  return scoreNormalized(ev, enrichment, opts);
}
