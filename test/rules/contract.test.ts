/**
 * Contract of the rule catalogue: metadata schema, examples, registration of every rule file, and the rule ids of
 * design.md. Covers event rules (lib/rules/event) and posture rules (lib/rules/posture).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES, EVENT_RULES, POSTURE_RULES } from '../../lib/rules';
import type { EventRule, ExpectedHit, PostureRule, Rule, RuleHit } from '../../lib/rules/types';
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { isSeverity } from '../../lib/findings/types';
import { examplesOf, examplesPath } from '../support/rule-examples';
import { DESIGN_EVENT_RULE_IDS, DESIGN_POSTURE_RULE_IDS } from '../../lib/config/rule-ids';

const ROOT = join(__dirname, '..', '..');

/**
 * The design's rule ids, read from the repository's own copy (docs/design.md): "Event rules (real time), ids:",
 * "Posture rules (sweep), ids:" and "Ids for the second wave". A missing file or paragraph fails the test (no fallback).
 */
const DESIGN = readFileSync(join(ROOT, 'docs', 'design.md'), 'utf8');

function idsIn(text: string): string[] {
  return [...text.matchAll(/`([a-z0-9-]+)`/g)].map((x) => x[1]);
}

function designIds(kind: 'Event' | 'Posture'): string[] {
  const m = new RegExp(`${kind} rules \\([^)]*\\), ids:\\n([\\s\\S]*?)\\n\\n`).exec(DESIGN);
  if (!m) throw new Error(`docs/design.md has no "${kind} rules (…), ids:" paragraph`);
  return idsIn(m[1]);
}

/** The second wave's ids ("Ids for the second wave": event — `…`; posture — `…`), in the design's order. */
function secondWaveIds(kind: 'event' | 'posture'): string[] {
  const para = /Ids for the second wave[^\n]*\n([\s\S]*?)\n\n/.exec(DESIGN)?.[1];
  if (para === undefined) throw new Error('docs/design.md has no "Ids for the second wave" paragraph');
  const part = new RegExp(`${kind} —([^;]*)`).exec(para.replace(/\n/g, ' '))?.[1] ?? '';
  return idsIn(part);
}

const EVENT_IDS = designIds('Event');
const POSTURE_IDS = designIds('Posture');
const EVENT_IDS_ALL = [...EVENT_IDS, ...secondWaveIds('event')];

describe('design ids', () => {
  it('reads 22 event and 26 posture ids, and 10 second-wave event ids', () => {
    expect(EVENT_IDS).toHaveLength(22);
    expect(POSTURE_IDS).toHaveLength(26);
    expect(secondWaveIds('event')).toHaveLength(10);
  });

  it("the config's list of known rule ids (lib/config/rule-ids.ts) is the design's, in its order", () => {
    expect([...DESIGN_EVENT_RULE_IDS]).toEqual(EVENT_IDS_ALL);
    expect([...DESIGN_POSTURE_RULE_IDS]).toEqual([...POSTURE_IDS, ...secondWaveIds('posture')]);
  });
});

describe('rule metadata', () => {
  it('ids are unique', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  describe.each(ALL_RULES.map((r): [string, Rule] => [r.id, r]))('%s', (_id, rule) => {
    it('has valid metadata', () => {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.kind === 'event' ? EVENT_IDS_ALL : [...POSTURE_IDS, ...secondWaveIds('posture')]).toContain(rule.id);
      expect(rule.title.trim()).not.toBe('');
      expect(rule.title).not.toMatch(/^ensure\b/i);
      expect(isSeverity(rule.severity)).toBe(true);
      expect(rule.guide.trim().length).toBeGreaterThan(20);
      expect(rule.why.trim().length).toBeGreaterThan(20);
      expect(Array.isArray(rule.fix.console)).toBe(true);
      expect(rule.fix.console.length).toBeGreaterThan(0);
      for (const step of rule.fix.console) expect(step.trim()).not.toBe('');
      expect(rule.fix.cli).toMatch(/^aws /);
      expect(Array.isArray(rule.controls)).toBe(true);
      for (const c of rule.controls) expect(c).toMatch(/^([A-Za-z][A-Za-z0-9]*\.\d+|CIS-\d+(\.\d+)*)$/);
      const examples = examplesOf(rule);
      expect(examples.fail.length).toBeGreaterThanOrEqual(2);
      expect(examples.pass.length).toBeGreaterThanOrEqual(2);
      if (rule.kind === 'event') expect(rule.eventNames.length).toBeGreaterThan(0);
    });
  });
});

/** A fail example names the hit it must produce: its resource and severity (the hit's own, else the rule's). */
function expectHit(rule: Rule, hits: RuleHit[], ex: { name: string; expect?: ExpectedHit }): void {
  expect(ex.expect).toBeDefined();
  const got = hits.map((h) => ({ severity: h.severity ?? rule.severity, resource: h.resource }));
  expect({ example: ex.name, hits: got }).toEqual({ example: ex.name, hits: expect.arrayContaining([ex.expect]) });
}

/** A hit's own fix reads like the rule's: console steps, none blank, and an AWS CLI command. */
function expectFix(fix: NonNullable<RuleHit['fix']>): void {
  expect(fix.console.length).toBeGreaterThan(0);
  for (const step of fix.console) expect(step.trim().length).toBeGreaterThan(10);
  expect(fix.cli).toMatch(/^aws [a-z0-9-]+ [a-z0-9-]+/);
}

function runEvent(rule: EventRule, input: unknown, enrichment?: Partial<ReturnType<typeof emptyEnrichment>>) {
  const ev = normalizeEvent(input);
  const hits = rule.evaluate(ev, { config: DEFAULT_CONFIG, enrichment: { ...emptyEnrichment(), ...enrichment } });
  return { ev, hits };
}

const eventCases = EVENT_RULES.flatMap((rule) => [
  ...examplesOf(rule).fail.map((ex) => [rule.id, 'fail', ex.name, rule, ex] as const),
  ...examplesOf(rule).pass.map((ex) => [rule.id, 'pass', ex.name, rule, ex] as const),
]);

describe('event rule examples', () => {
  it.each(eventCases)('%s %s: %s', (_id, kind, _name, rule, ex) => {
    const { ev, hits } = runEvent(rule, ex.input, ex.enrichment);
    if (kind === 'fail') {
      expect(hits.length).toBeGreaterThanOrEqual(1);
      expectHit(rule, hits, ex);
      for (const h of hits) {
        expect(h.resource).not.toBe('');
        expect(h.message.length).toBeGreaterThan(10);
        if (h.severity !== undefined) expect(isSeverity(h.severity)).toBe(true);
        if (h.fix) expectFix(h.fix);
        // Evidence must be JSON-serialisable (findings are stored and exported).
        expect(() => JSON.stringify(h.evidence ?? {})).not.toThrow();
      }
    } else {
      expect(hits).toEqual([]);
    }
    // Examples are well-formed records: apart from the unparseable-event rule, they must normalise cleanly.
    if (rule.id !== 'unparseable-event') expect(ev.problems).toEqual([]);
  });

  it('every example is routed: its eventName is one the rule declares (or the rule takes any)', () => {
    for (const rule of EVENT_RULES) {
      if (rule.eventNames.includes('*')) continue;
      for (const ex of examplesOf(rule).fail) {
        const ev = normalizeEvent(ex.input);
        expect([rule.id, rule.eventNames.includes(ev.eventName)]).toEqual([rule.id, true]);
      }
    }
  });
});

const postureCases = POSTURE_RULES.flatMap((rule) => [
  ...examplesOf(rule).fail.map((ex) => [rule.id, 'fail', ex.name, rule, ex] as const),
  ...examplesOf(rule).pass.map((ex) => [rule.id, 'pass', ex.name, rule, ex] as const),
]);

describe('posture rule examples', () => {
  if (postureCases.length === 0) {
    it('no posture rules registered yet', () => {
      expect(POSTURE_RULES).toEqual([]);
    });
    return;
  }
  it.each(postureCases)('%s %s: %s', (_id, kind, _name, rule: PostureRule, ex) => {
    const result = rule.evaluate(ex.account, { config: { ...DEFAULT_CONFIG, ...ex.config } });
    if (kind === 'fail') {
      expect(result.hits.length).toBeGreaterThanOrEqual(1);
      expectHit(rule, result.hits, ex);
      // Every hit is one of the checked items, and reads as a finding: a resource, a sentence, a runnable fix.
      expect(result.checked).toBeGreaterThanOrEqual(result.hits.length);
      for (const h of result.hits) {
        expect(h.resource).not.toBe('');
        expect(h.message.length).toBeGreaterThan(10);
        if (h.severity !== undefined) expect(isSeverity(h.severity)).toBe(true);
        if (h.fix) expectFix(h.fix);
        expect(() => JSON.stringify(h.evidence ?? {})).not.toThrow();
      }
    } else expect(result.hits).toEqual([]);
  });
});

/** Exported rule objects of a module (anything with id + kind + evaluate). */
function exportedRules(mod: Record<string, unknown>): Rule[] {
  return Object.values(mod).filter(
    (v): v is Rule => typeof v === 'object' && v !== null && 'id' in v && 'kind' in v && typeof (v as { evaluate?: unknown }).evaluate === 'function',
  );
}

describe('registration', () => {
  for (const [folder, list] of [
    ['event', EVENT_RULES],
    ['posture', POSTURE_RULES],
  ] as const) {
    const dir = join(ROOT, 'lib', 'rules', folder);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.startsWith('_') && !f.endsWith('.test.ts') && !f.endsWith('.examples.ts'));
    it.each(files.length ? files : ['(none)'])(`lib/rules/${folder}/%s exports a registered rule`, (file) => {
      if (file === '(none)') return;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(join(dir, file)) as Record<string, unknown>;
      const rules = exportedRules(mod);
      expect({ file, exportsRule: rules.length > 0 }).toEqual({ file, exportsRule: true });
      for (const r of rules) {
        const registered = (list as readonly Rule[]).includes(r);
        expect({ file, rule: r.id, registered }).toEqual({ file, rule: r.id, registered: true });
        expect(r.kind).toBe(folder);
      }
    });
  }

  it('every registered rule has its examples file beside it, and every examples file belongs to a registered rule', () => {
    for (const rule of ALL_RULES) expect({ rule: rule.id, examplesFile: existsSync(examplesPath(rule)) }).toEqual({ rule: rule.id, examplesFile: true });
    for (const folder of ['event', 'posture'] as const) {
      const ids = new Set(ALL_RULES.filter((r) => r.kind === folder).map((r) => r.id));
      const orphans = readdirSync(join(ROOT, 'lib', 'rules', folder))
        .filter((f) => f.endsWith('.examples.ts'))
        .map((f) => f.replace(/\.examples\.ts$/, ''))
        .filter((id) => !ids.has(id));
      expect({ folder, orphans }).toEqual({ folder, orphans: [] });
    }
  });

  it('every event rule id of design.md is implemented', () => {
    const have = new Set(EVENT_RULES.map((r) => r.id));
    expect(EVENT_IDS.filter((id) => !have.has(id))).toEqual([]);
  });

  it('every posture rule id of design.md is implemented (once posture rules are registered)', () => {
    if (POSTURE_RULES.length === 0) {
      console.warn('contract: no posture rules registered yet; skipping the posture id completeness check');
      return;
    }
    const have = new Set(POSTURE_RULES.map((r) => r.id));
    expect(POSTURE_IDS.filter((id) => !have.has(id))).toEqual([]);
  });
});

describe('catalogue order', () => {
  it('event rules are listed in the order of design.md (first wave complete, second-wave rules as far as built)', () => {
    const ids = EVENT_RULES.map((r) => r.id);
    expect(ids.slice(0, EVENT_IDS.length)).toEqual(EVENT_IDS);
    expect(ids).toEqual(EVENT_IDS_ALL.filter((id) => ids.includes(id)));
  });
});
