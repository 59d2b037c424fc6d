/**
 * Printed fix commands under hostile names (issue 12, "shell injection in printed fix commands"). Every rule in the
 * registry (event and posture, so rules added later are covered) is run on its own fail examples with every name
 * and IAM path replaced by shell payloads; each AWS CLI command it prints is pasted into bash with a stub `aws` that
 * records its argv. Nothing may run (no marker file) and the stub must receive each hostile value as one literal
 * argument.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_RULES, POSTURE_RULES } from '../../../lib/rules';
import { normalizeEvent } from '../../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../../lib/config/types';
import type { AccountModel } from '../../../lib/account/model';
import { fillCli } from '../../../lib/posture/common';
import { fillCommand, shellQuote } from '../../../lib/text/escape';
import { scoreEventFull } from '../../../lib/engine/score-event';
import { HOSTILE_PATH, HOSTILE_PATH_MARKER, SHELL_PAYLOADS } from './corpus';
import { examplesOf } from '../../support/rule-examples';

const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;

/** Keys whose string values are names (or ARNs, whose last segment is a name) an attacker chooses. */
const NAME_KEYS = /^(userName|roleName|groupName|policyName|instanceProfileName|trailName|name|serverCertificateName|UserName|RoleName|GroupName|PolicyName|ServerCertificateName|Name|user|functionName|ruleName|topicName|tableName|eventDataStore|virtualMFADeviceName|serialNumber|SerialNumber|awsRegion|eventID|region|accessKeyId)$/;
const ARN_KEYS = /(arn|Arn|ARN)$/;

/** Names an attacker chose in `v` (not those of AWS-managed policies, which keep their meaning). */
function attackerNames(v: unknown): string[] {
  const names = new Set<string>();
  collectNames(v, '', names);
  const awsArns = JSON.stringify(v).match(/arn:aws:iam::aws:[^"]*/g) ?? [];
  return [...names].filter((n) => !awsArns.some((a) => a.includes(n)));
}

function collectNames(v: unknown, key: string, out: Set<string>): void {
  if (typeof v === 'string') {
    if (v.startsWith('arn:aws:iam::aws:') || v.startsWith('<')) return;
    if (NAME_KEYS.test(key) && v.length >= 3 && !v.startsWith('arn:') && !/^\d+$/.test(v)) out.add(v);
    if ((ARN_KEYS.test(key) || NAME_KEYS.test(key)) && v.startsWith('arn:')) {
      const last = v.split(/[:/]/).pop() ?? '';
      if (last.length >= 3 && !/^\d+$/.test(last) && last !== 'root') out.add(last);
    }
    return;
  }
  if (Array.isArray(v)) v.forEach((x) => collectNames(x, key, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) collectNames(x, k, out);
}

/** Deep copy with every occurrence of each name replaced by name+payload (consistently, so ARNs still match names). */
function hostile<T>(v: T, names: string[], payload: string): T {
  const sorted = [...names].sort((a, b) => b.length - a.length);
  const sub = (s: string): string => {
    let out = '';
    let i = 0;
    outer: while (i < s.length) {
      for (const n of sorted) {
        if (s.startsWith(n, i)) {
          out += n + payload;
          i += n.length;
          continue outer;
        }
      }
      out += s[i++];
    }
    return out;
  };
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return x.startsWith('arn:aws:iam::aws:') ? x : sub(x);
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]));
    return x;
  };
  return walk(v) as T;
}

/** Moves every customer user/role/group/policy to the hostile IAM path (Path and ARNs, everywhere they appear). */
function hostilePaths(account: AccountModel): AccountModel {
  const moved = new Map<string, string>();
  const move = (e: { Arn: string; Path?: string }) => {
    if (e.Arn.includes(':aws:policy/') || (e.Path && e.Path !== '/')) return;
    const m = /^(arn:aws[a-z-]*:iam::\d{12}:(?:user|role|group|policy))\/(.+)$/.exec(e.Arn);
    if (!m) return;
    moved.set(e.Arn, `${m[1]}${HOSTILE_PATH}${m[2]}`);
  };
  [...account.users, ...account.roles, ...account.groups, ...account.policies].forEach(move);
  const walk = (x: unknown, key = ''): unknown => {
    if (typeof x === 'string') return moved.get(x) ?? x;
    if (Array.isArray(x)) return x.map((y) => walk(y, key));
    if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      const res = Object.fromEntries(Object.entries(o).map(([k, y]) => [k, walk(y, k)]));
      if (typeof o.Arn === 'string' && moved.has(o.Arn) && 'Path' in o) res.Path = HOSTILE_PATH;
      return res;
    }
    return x;
  };
  return walk(account) as AccountModel;
}

interface Printed {
  rule: string;
  example: string;
  cli: string;
  payload: string;
  marker: string;
}

function eventCommands(payload: string, marker: string): Printed[] {
  const out: Printed[] = [];
  for (const rule of EVENT_RULES) {
    for (const ex of examplesOf(rule).fail) {
      const names = attackerNames([ex.input, ex.enrichment ?? null]);
      const input = hostile(ex.input, names, payload);
      const enrichment = { ...emptyEnrichment(), ...(ex.enrichment ? hostile(ex.enrichment, names, payload) : {}) };
      const ev = normalizeEvent(input);
      let hits: { fix?: { cli: string } }[] = [];
      try {
        hits = rule.evaluate(ev, { config: DEFAULT_CONFIG, enrichment });
      } catch {
        hits = [];
      }
      for (const h of hits) out.push({ rule: rule.id, example: ex.name, cli: h.fix?.cli ?? rule.fix.cli, payload, marker });
      // The engine's own fixes (fallback unparseable-event) too.
      for (const f of scoreEventFull(input, { config: DEFAULT_CONFIG, enrichment, now: '2026-11-02T00:00:00Z' }).findings) {
        out.push({ rule: `engine:${f.ruleId}`, example: ex.name, cli: f.fix.cli, payload, marker });
      }
    }
  }
  return out;
}

function postureCommands(payload: string, marker: string, paths: boolean): Printed[] {
  const out: Printed[] = [];
  for (const rule of POSTURE_RULES) {
    for (const ex of examplesOf(rule).fail) {
      let account = hostile(ex.account, attackerNames(ex.account), payload);
      if (paths) account = hostilePaths(account);
      const res = rule.evaluate(account, { config: { ...DEFAULT_CONFIG, ...ex.config } });
      for (const h of res.hits) out.push({ rule: rule.id, example: ex.name, cli: h.fix?.cli ?? rule.fix.cli, payload: paths ? HOSTILE_PATH : payload, marker: paths ? HOSTILE_PATH_MARKER : marker });
    }
  }
  return out;
}

interface Pasted {
  calls: string[][];
  files: string[];
}

/**
 * Pastes each command into its own bash (one driver process runs them all, each in its own working directory) with a
 * stub `aws` first on PATH that records its argv (NUL-separated, one file per call). Returns, per command, the aws
 * calls and the files left in its working directory.
 */
function pasteAll(clis: string[]): Pasted[] {
  const dir = mkdtempSync(join(tmpdir(), 'iamg-paste-'));
  try {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'aws'), '#!/bin/sh\nprintf \'%s\\0\' "$@" > "$CALLS/call.$$"\n');
    chmodSync(join(bin, 'aws'), 0o755);
    clis.forEach((cli, i) => {
      mkdirSync(join(dir, `work-${i}`));
      mkdirSync(join(dir, `calls-${i}`));
      // The reader fills in the placeholders the command leaves (e.g. <group>) with plain words.
      writeFileSync(join(dir, `cmd-${i}.sh`), `${cli.replace(/<([a-z0-9-]+)>/g, 'FILLED-$1')}\n`);
    });
    // Each command runs in its own subshell (cheaper than a new bash; a syntax error ends only that subshell).
    const driver = `for i in $(seq 0 ${clis.length - 1}); do (cd "${dir}/work-$i" && export CALLS="${dir}/calls-$i" && . "${dir}/cmd-$i.sh") >/dev/null 2>&1 </dev/null; done; exit 0`;
    const r = spawnSync('bash', ['--noprofile', '--norc', '-c', driver], { env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir }, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`paste driver failed: ${r.stderr}`);
    return clis.map((_, i) => ({
      calls: readdirSync(join(dir, `calls-${i}`))
        .sort()
        .map((f) => readFileSync(join(dir, `calls-${i}`, f), 'utf8').split('\0').slice(0, -1)),
      files: readdirSync(join(dir, `work-${i}`)),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('shellQuote / fillCommand', () => {
  (hasBash ? it : it.skip)('every corpus payload and every control character reaches a command as one literal argument', () => {
    const values = [...SHELL_PAYLOADS.map((p) => `name${p.payload}`), HOSTILE_PATH, ...Array.from({ length: 31 }, (_, i) => `a${String.fromCharCode(i + 1)}b`), 'a\u009bb', "'", '\\', '-x', '*'];
    const r = pasteAll(values.map((v) => fillCommand('aws iam get-user --user-name <user>   # then: aws iam delete-user --user-name <user>', { user: v })));
    values.forEach((v, i) => {
      expect(r[i].files).toEqual([]);
      expect(r[i].calls).toEqual([['iam', 'get-user', '--user-name', v]]);
    });
  });

  it('leaves safe tokens bare and single-quotes everything else', () => {
    expect(shellQuote('arn:aws:iam::111122223333:user/team/alice')).toBe('arn:aws:iam::111122223333:user/team/alice');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('$(x)')).toBe("'$(x)'");
    expect(shellQuote('')).toBeUndefined();
    expect(shellQuote('a\0b')).toBeUndefined();
  });

  it('keeps unfilled placeholders and never rescans inserted values', () => {
    expect(fillCommand('aws iam x --user-name <user> --group-name <group>', { user: '<group>' })).toBe("aws iam x --user-name '<group>' --group-name <group>");
    expect(fillCli('aws iam x --role-name <role>', {})).toBe('aws iam x --role-name <role>');
  });
});

const describeBash = hasBash ? describe : describe.skip;

describeBash("every rule's printed command, pasted into bash with hostile names", () => {
  const printed: Printed[] = [];
  for (const p of SHELL_PAYLOADS.filter((x) => x.sweep)) printed.push(...eventCommands(p.payload, p.marker), ...postureCommands(p.payload, p.marker, false));
  printed.push(...postureCommands('', HOSTILE_PATH_MARKER, true));
  // Each distinct command is pasted once, on behalf of every rule that printed it.
  const rulesOf = new Map<string, Set<string>>();
  for (const p of printed) {
    if (!p.cli) continue;
    const k = `${p.marker}\0${p.cli}`;
    rulesOf.set(k, (rulesOf.get(k) ?? new Set()).add(p.rule));
  }
  const distinct = [...new Map(printed.filter((p) => p.cli).map((p) => [`${p.marker}\0${p.cli}`, p])).values()];
  let results: Pasted[] = [];
  beforeAll(() => {
    results = pasteAll(distinct.map((p) => p.cli));
  }, 180_000);

  const byRule = new Map<string, number[]>();
  distinct.forEach((p, i) => {
    for (const rule of rulesOf.get(`${p.marker}\0${p.cli}`)!) byRule.set(rule, [...(byRule.get(rule) ?? []), i]);
  });

  it('printed commands carry the hostile values (so this test can fail)', () => {
    const delivered = new Set<string>();
    distinct.forEach((p, i) => {
      if (results[i].calls.flat().some((a) => a.includes(p.payload))) for (const r of rulesOf.get(`${p.marker}\0${p.cli}`)!) delivered.add(r.replace(/^engine:/, ''));
    });
    for (const id of ['admin-granted', 'access-key-created-for-other-user', 'trust-policy-public', 'login-profile-for-other-user', 'user-not-in-group', 'role-trust-public', 'admin-access', 'cloudshell-full-access', 'server-certificate-expired', 'unused-role', 'policy-service-wildcard']) {
      expect(delivered).toContain(id);
    }
    expect(distinct.length).toBeGreaterThan(100);
    expect(delivered.size).toBeGreaterThan(25);
  });

  it.each([...byRule.keys()].sort())('%s: nothing runs, hostile values arrive as one argument', (rule) => {
    for (const i of byRule.get(rule)!) {
      const p = distinct[i];
      const r = results[i];
      const ctx = `${p.example} / ${JSON.stringify(p.payload)}: ${p.cli}`;
      expect([ctx, r.files.filter((f) => f.startsWith('pwned'))]).toEqual([ctx, []]);
      for (const a of r.calls.flat()) if (a.includes(p.marker)) expect([ctx, a.includes(p.payload)]).toEqual([ctx, true]);
    }
  });
});
