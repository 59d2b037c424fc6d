/**
 * Beginner-grade fixes (issue 23): over every registered rule (event and posture, the rule's own fix and the filled-in
 * fixes its fail examples produce), a fix command never reads a file (`file://x.json`) that the same command does not
 * write first (a `> x.json` redirect, or `iam-guardian check-policy … --out x.json`); never tells the user to run the CLI
 * with root credentials; asks to sign in as root only where only root can, and then says so; gives console steps and a
 * command.
 */
import { EVENT_RULES, POSTURE_RULES } from '../../lib/rules';
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import type { Fix } from '../../lib/findings/types';
import { checkGrammar } from '../../lib/policy/lint/grammar';
import { examplesOf } from '../support/rule-examples';

interface Printed {
  rule: string;
  where: string;
  fix: Fix;
}

function allFixes(): Printed[] {
  const out: Printed[] = [];
  for (const rule of EVENT_RULES) {
    out.push({ rule: rule.id, where: 'rule', fix: rule.fix });
    for (const ex of examplesOf(rule).fail) {
      let hits: { fix?: Fix }[] = [];
      try {
        hits = rule.evaluate(normalizeEvent(ex.input), { config: DEFAULT_CONFIG, enrichment: { ...emptyEnrichment(), ...(ex.enrichment ?? {}) } });
      } catch {
        hits = [];
      }
      for (const h of hits) if (h.fix) out.push({ rule: rule.id, where: ex.name, fix: h.fix });
    }
  }
  for (const rule of POSTURE_RULES) {
    out.push({ rule: rule.id, where: 'rule', fix: rule.fix });
    for (const ex of examplesOf(rule).fail) {
      for (const h of rule.evaluate(ex.account, { config: { ...DEFAULT_CONFIG, ...ex.config } }).hits) if (h.fix) out.push({ rule: rule.id, where: ex.name, fix: h.fix });
    }
  }
  return out;
}

const FIXES = allFixes();
const label = (p: Printed): string => `${p.rule} (${p.where})`;
const unquote = (s: string): string => s.replace(/^['"]|['"]$/g, '');

/** Files a command reads with file:// or fileb://. */
export function filesRead(cli: string): string[] {
  return [...cli.matchAll(/fileb?:\/\/([^\s'";&|)]+)/g)].map((m) => unquote(m[1]));
}

/** Files a command writes: shell redirects and check-policy --out (a command shown in a trailing comment counts too). */
export function filesWritten(cli: string): string[] {
  const code = cli;
  const redirects = [...code.matchAll(/(?:^|\s)>>?\s*('[^']+'|"[^"]+"|[^\s;&|)<>]+)/g)].map((m) => unquote(m[1]));
  const outs = [...code.matchAll(/\biam-guardian check-policy\b[^;&|]*?--out\s+('[^']+'|"[^"]+"|[^\s;&|)]+)/g)].map((m) => unquote(m[1]));
  return [...redirects, ...outs];
}

describe('fix commands over every registered rule', () => {
  it('covers every rule and the filled-in fixes of their examples', () => {
    expect(new Set(FIXES.map((f) => f.rule)).size).toBe(EVENT_RULES.length + POSTURE_RULES.length);
    expect(FIXES.filter((f) => f.where !== 'rule').length).toBeGreaterThan(50);
  });

  it('the file parser of this test sees reads and writes', () => {
    expect(filesRead('aws iam x --policy-document file://trust.json')).toEqual(['trust.json']);
    expect(filesWritten("printf '%s' <account-id> > trust.json && aws iam x --policy-document file://trust.json")).toEqual(['trust.json']);
    expect(filesWritten('iam-guardian check-policy current.json --needs s3:GetObject --out least-privilege.json && aws …')).toEqual(['least-privilege.json']);
    expect(filesWritten('aws iam x --policy-document file://later.json')).toEqual([]);
  });

  it('every file a command reads is written by the same command first', () => {
    const bad: string[] = [];
    for (const p of FIXES) {
      const cli = p.fix.cli;
      for (const f of filesRead(cli)) {
        const writtenAt = cli.search(new RegExp(`(\\s>>?\\s*|--out\\s+)['"]?${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        const readAt = cli.indexOf(`file://${f}`) >= 0 ? cli.indexOf(`file://${f}`) : cli.indexOf(`fileb://${f}`);
        if (!filesWritten(cli).includes(f) || writtenAt < 0 || writtenAt > readAt) bad.push(`${label(p)}: reads ${f} that it does not write first: ${p.fix.cli}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('every policy a fix writes with printf is a valid IAM policy document', () => {
    let written = 0;
    const bad: string[] = [];
    for (const p of FIXES) {
      for (const m of p.fix.cli.matchAll(/printf '([^']*)\\n'/g)) {
        written++;
        let doc: unknown;
        try {
          doc = JSON.parse(m[1].replace(/%s/g, '111122223333'));
        } catch (err) {
          bad.push(`${label(p)}: not JSON (${(err as Error).message}): ${m[1]}`);
          continue;
        }
        const errors = checkGrammar(doc).filter((x) => x.severity === 'error');
        if (errors.length) bad.push(`${label(p)}: ${errors.map((e) => e.message).join('; ')}`);
      }
    }
    expect(bad).toEqual([]);
    expect(written).toBeGreaterThan(10);
  });

  it('no command is to be run with root credentials', () => {
    const bad = FIXES.filter((p) => /\b(with|using|as) (the )?root\b|root (access )?key itself|--profile root/i.test(p.fix.cli)).map((p) => `${label(p)}: ${p.fix.cli}`);
    expect(bad).toEqual([]);
  });

  it('console steps that need a root sign-in say that only root can do it, and why', () => {
    const bad: string[] = [];
    for (const p of FIXES) {
      const text = p.fix.console.join(' ');
      if (/sign in (to [^.|]*? )?as (the )?root/i.test(text) && !/only (the )?root( user)? can/i.test(text)) bad.push(`${label(p)}: ${text}`);
    }
    expect(bad).toEqual([]);
  });

  it('every fix has console steps and a command', () => {
    for (const p of FIXES) {
      expect([label(p), p.fix.console.length > 0 && p.fix.console.every((s) => s.trim().length > 0)]).toEqual([label(p), true]);
      expect([label(p), p.fix.cli.trim().length > 0]).toEqual([label(p), true]);
    }
  });
});

describe('the root fixes a beginner meets first', () => {
  const rule = (id: string) => [...POSTURE_RULES, ...EVENT_RULES].find((r) => r.id === id)!;

  it('root-mfa-disabled: console steps that enable MFA on root; the command only checks the result', () => {
    const f = rule('root-mfa-disabled').fix;
    const text = f.console.join('\n');
    expect(text).toMatch(/Assign MFA device/);
    expect(text).toMatch(/only the root user can/i);
    expect(text).toMatch(/two consecutive codes|security key|passkey/i);
    expect(f.cli).toMatch(/^aws iam get-account-summary .*# .*check/);
  });

  it.each(['root-access-key-present', 'root-access-key-created'])('%s: deleted in the console by root (only root can), never with the root key on the CLI', (id) => {
    const f = rule(id).fix;
    expect(f.console.join(' ')).toMatch(/only the root user can/i);
    expect(f.cli).not.toMatch(/delete-access-key/);
    expect(f.cli).toMatch(/AccountAccessKeysPresent/);
  });
});
