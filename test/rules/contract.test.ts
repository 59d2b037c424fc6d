/**
 * Contract of the rule catalogue: metadata schema, examples, registration of every rule file, and the rule ids of
 * design.md. Covers event rules (lib/rules/event) and posture rules (lib/rules/posture).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES, EVENT_RULES, POSTURE_RULES } from '../../lib/rules';
import type { EventRule, PostureRule, Rule } from '../../lib/rules/types';
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { isSeverity } from '../../lib/findings/types';
import { examplesOf, examplesPath } from '../support/rule-examples';

const ROOT = join(__dirname, '..', '..');

/** Rule ids listed in the shared design (the contract), read from the document itself when present. */
function designIds(kind: 'Event' | 'Posture'): string[] {
  const fallback: Record<string, string[]> = {
    Event: [
      'root-sign-in', 'root-sign-in-failed', 'root-activity', 'root-access-key-created', 'root-credentials-changed',
      'user-sign-in-without-mfa', 'access-key-created', 'access-key-created-for-other-user', 'admin-granted',
      'policy-attached-to-user', 'permissive-policy-change', 'privilege-escalation-granted', 'trust-policy-public',
      'trust-policy-external', 'login-profile-for-other-user', 'mfa-removed', 'cloudtrail-tampered', 'monitor-tampered',
      'password-policy-weakened', 'permissions-boundary-removed', 'denied-sensitive-call', 'unparseable-event',
    ],
    Posture: [
      'root-mfa-disabled', 'root-hardware-mfa-missing', 'root-access-key-present', 'root-used-recently',
      'user-console-no-mfa', 'user-direct-policy', 'user-not-in-group', 'admin-access', 'policy-admin-statement',
      'policy-service-wildcard', 'privilege-escalation', 'access-key-not-rotated', 'credentials-unused',
      'user-two-active-keys', 'access-key-at-setup', 'password-policy-weak', 'role-trust-public',
      'role-trust-external-no-condition', 'role-trust-confused-deputy', 'cloudtrail-not-logging', 'support-role-missing',
      'cloudshell-full-access', 'server-certificate-expired', 'access-analyzer-disabled', 'unused-role',
      'billing-access-unverified',
    ],
  };
  for (const p of ['/work/shared/design.md', join(ROOT, 'docs', 'design.md')]) {
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch {
      continue;
    }
    const m = new RegExp(`${kind} rules \\([^)]*\\), ids:\\n([\\s\\S]*?)\\n\\n`).exec(text);
    if (m) return [...m[1].matchAll(/`([a-z0-9-]+)`/g)].map((x) => x[1]);
  }
  return fallback[kind];
}

const EVENT_IDS = designIds('Event');
const POSTURE_IDS = designIds('Posture');

/** The second wave's ids ("Ids for the second wave": event — `…`; posture — `…`), in the design's order. */
function secondWaveIds(kind: 'event' | 'posture'): string[] {
  try {
    const text = readFileSync('/work/shared/design.md', 'utf8');
    const para = /Ids for the second wave[^\n]*\n([\s\S]*?)\n\n/.exec(text)?.[1] ?? '';
    const part = new RegExp(`${kind} —([^;]*)`).exec(para.replace(/\n/g, ' '))?.[1] ?? '';
    return [...part.matchAll(/`([a-z0-9-]+)`/g)].map((x) => x[1]);
  } catch {
    return [];
  }
}
const EVENT_IDS_ALL = [...EVENT_IDS, ...secondWaveIds('event')];

describe('design ids', () => {
  it('reads 22 event and 26 posture ids', () => {
    expect(EVENT_IDS).toHaveLength(22);
    expect(POSTURE_IDS).toHaveLength(26);
    expect(secondWaveIds('event')).toHaveLength(10);
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
      for (const h of hits) {
        expect(h.resource).not.toBe('');
        expect(h.message.length).toBeGreaterThan(10);
        if (h.severity !== undefined) expect(isSeverity(h.severity)).toBe(true);
        if (h.fix) expect(h.fix.cli).toMatch(/^aws /);
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
    if (kind === 'fail') expect(result.hits.length).toBeGreaterThanOrEqual(1);
    else expect(result.hits).toEqual([]);
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
