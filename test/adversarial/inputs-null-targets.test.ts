/**
 * Silent drops (issue 12): every event rule's fail examples, with each string field of requestParameters replaced
 * by null / a number / a list / an object / nothing. A hostile or odd record must never make an alert vanish: the
 * mutated event still yields a finding at least as severe as the original's worst (the rule's own, with the target
 * shown as unknown), or `unparseable-event` high.
 */
import { EVENT_RULES } from '../../lib/rules';
import { scoreEventFull } from '../../lib/engine/score-event';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { emptyEnrichment, type Enrichment } from '../../lib/cloudtrail/enrichment-types';
import { severityRank, type Severity } from '../../lib/findings/types';
import { examplesOf } from '../support/rule-examples';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const VARIANTS: Array<[string, unknown]> = [
  ['null', null],
  ['a number', 42],
  ['a list', ['x']],
  ['an object', { a: 1 }],
  ['missing', undefined],
];

/**
 * Where AWS defines the absence of a field: CreateLoginProfile without userName sets the caller's own password
 * (the parameter is optional), which the rule rightly does not flag; GetFederationToken without a session policy
 * gives a session with no identity-based permissions (STS API reference, GetFederationToken: "If you do not pass a
 * policy to this operation, the resulting federated user session has no permissions"), so it is not admin.
 */
const ABSENCE_MEANS_CALLER = new Set(['CreateLoginProfile/userName', 'GetFederationToken/policy']);

interface Case {
  rule: string;
  example: string;
  field: string;
  variant: string;
  input: unknown;
  original: Severity;
  enrichment: Enrichment | undefined;
}

function recordOf(input: unknown): Obj | undefined {
  if (!isObj(input)) return undefined;
  return isObj(input.detail) ? input.detail : input;
}

function worst(input: unknown, enrichment: Enrichment | undefined): Severity | undefined {
  const s = scoreEventFull(input, { config: DEFAULT_CONFIG, enrichment, now: '2026-11-02T10:00:00Z' });
  return s.severity === 'none' ? undefined : s.severity;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const rule of EVENT_RULES) {
    for (const ex of examplesOf(rule).fail) {
      const rec = recordOf(ex.input);
      if (!rec || !isObj(rec.requestParameters)) continue;
      const enrichment: Enrichment | undefined = ex.enrichment ? { ...emptyEnrichment(), ...ex.enrichment } : undefined;
      const original = worst(ex.input, enrichment);
      if (!original) continue;
      for (const [field, value] of Object.entries(rec.requestParameters)) {
        if (typeof value !== 'string') continue;
        for (const [variant, replacement] of VARIANTS) {
          if (replacement === undefined && ABSENCE_MEANS_CALLER.has(`${String(rec.eventName)}/${field}`)) continue;
          const copy = structuredClone(ex.input) as Obj;
          const rp = (recordOf(copy) as Obj).requestParameters as Obj;
          if (replacement === undefined) delete rp[field];
          else rp[field] = replacement;
          out.push({ rule: rule.id, example: ex.name, field, variant, input: copy, original, enrichment });
        }
      }
    }
  }
  return out;
}

const ALL = cases();

describe('null / wrong-type target fields never silence a finding', () => {
  it('has a corpus covering every rule with string request parameters', () => {
    expect(ALL.length).toBeGreaterThan(200);
    expect(new Set(ALL.map((c) => c.rule)).size).toBeGreaterThan(15);
  });

  it.each(ALL.map((c) => [`${c.rule} / ${c.example}: requestParameters.${c.field} ${c.variant}`, c] as const))('%s', (_name, c) => {
    const s = scoreEventFull(c.input, { config: DEFAULT_CONFIG, enrichment: c.enrichment, now: '2026-11-02T10:00:00Z' });
    const ok = s.findings.some(
      (f) => severityRank(f.severity) >= severityRank(c.original) || (f.ruleId === 'unparseable-event' && severityRank(f.severity) >= severityRank('high')),
    );
    if (!ok) throw new Error(`expected a finding >= ${c.original} (or unparseable-event high); got ${JSON.stringify(s.findings.map((f) => `${f.ruleId}:${f.severity}`))}`);
  });
});
