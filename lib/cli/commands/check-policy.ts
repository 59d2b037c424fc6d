/**
 * `check-policy [--json] [--needs a,b,c] [--account ID] [--config FILE] <file>`: analyse a policy document before
 * attaching it. Accepts the document as JSON or URL-encoded JSON, or the output of `aws iam get-policy-version`
 * ({PolicyVersion: {Document}}), get-user/group/role-policy ({PolicyDocument}) or get-role
 * ({Role: {AssumeRolePolicyDocument}}). Prints the access levels per service, admin-equivalence, privilege-escalation
 * paths, sensitive grants, unknown actions and, with --needs, a least-privilege suggestion. A trust policy (statements
 * with a Principal) also gets the trust analysis. Exit 1 when the file or the configuration cannot be read.
 */
import { FileTooLargeError, readBoundedTextSync } from '../../io/bounded-read';
import { BudgetExceededError, withBudget } from '../../policy/budget';
import { shortMessage } from '../../cloudtrail/input';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../io';
import { loadConfig } from '../../config/load';
import type { Config } from '../../config/types';
import { analysePolicies, type PolicyAnalysis, type AccessLevel } from '../../policy/analyse';
import { ACCESS_LEVELS, getCatalog } from '../../policy/catalog';
import { decodePolicyText, parsePolicyDocument, type PolicyDocument } from '../../policy/document';
import { leastPrivilege, type LeastPrivilege } from '../../policy/least-privilege';
import { analyseTrust, type TrustAnalysis } from '../../policy/trust';
import { judgeResourcePolicy, type ResourcePolicyJudgement } from '../../policy/resource-policy';
import { escapeControls } from '../../text/escape';

interface CheckOpts {
  json?: boolean;
  needs?: string;
  account?: string;
  config?: string;
}

/** Unwraps the AWS CLI / API envelopes around a policy document. */
export function unwrapPolicyInput(value: unknown): unknown {
  let v = value;
  for (let depth = 0; depth < 4; depth++) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    if ('Statement' in o) return o;
    const next = o.PolicyVersion ?? o.Document ?? o.PolicyDocument ?? o.AssumeRolePolicyDocument ?? o.Role ?? o.Policy;
    if (next === undefined) return o;
    if (typeof next === 'string') {
      const decoded = decodePolicyText(next);
      return decoded.ok ? decoded.value : next;
    }
    v = next;
  }
  return v;
}

/** Time budget of one check-policy analysis. */
const CHECK_POLICY_BUDGET_MS = 20_000;

/** Largest policy file check-policy reads. */
export const MAX_POLICY_FILE_BYTES = 4 * 1024 * 1024;

export function readPolicyFile(path: string, shown: string): { ok: true; document: PolicyDocument; warnings: string[] } | { ok: false; error: string } {
  let text: string;
  try {
    // A policy is a few kilobytes (IAM's largest is 10,240 characters); 4 MiB bounds `check-policy /dev/zero`.
    text = readBoundedTextSync(path, MAX_POLICY_FILE_BYTES);
  } catch (err) {
    if (err instanceof FileTooLargeError) return { ok: false, error: `${shown}: cannot read: ${err.problem}` };
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : (err as Error).message;
    return { ok: false, error: `${shown}: cannot read: ${why}` };
  }
  const notObject = jsonNonObject(text);
  if (notObject) return { ok: false, error: `${shown}: valid JSON, but ${notObject}, not a policy document (a JSON object with a Statement)` };
  const decoded = decodePolicyText(text);
  if (!decoded.ok) return { ok: false, error: `${shown}: ${decoded.error}` };
  const parsed = parsePolicyDocument(unwrapPolicyInput(decoded.value));
  if (!parsed.ok) return { ok: false, error: `${shown}: ${parsed.error}` };
  // AWS rejects a statement holding both (MalformedPolicyDocument): the document cannot be attached as it is.
  const both = parsed.document.statements.filter((st) => st.action !== undefined && st.notAction !== undefined);
  if (both.length) return { ok: false, error: `${shown}: ${both.map((st) => `Statement ${st.sid ? JSON.stringify(st.sid) : st.index}`).join(', ')} ${both.length > 1 ? 'have' : 'has'} both Action and NotAction (AWS rejects such a policy)` };
  // Parts beyond the parser's limits (too deep, too long, too many) were not evaluated: say so with the warnings.
  if (parsed.limits) return { ok: true, document: parsed.document, warnings: [...parsed.limits.map((l) => `not fully evaluated: ${l}`), ...parsed.warnings] };
  return { ok: true, document: parsed.document, warnings: parsed.warnings };
}

/** What the text is when it is valid JSON but not an object ("an array", "a number", …); undefined otherwise. */
function jsonNonObject(text: string): string | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return undefined;
  // A JSON string may hold the (URL-encoded) document itself.
  if (typeof v === 'string') return /^\s*(\{|%7b)/i.test(v) ? undefined : 'a string';
  return `a ${typeof v}`;
}

function isTrustPolicy(doc: PolicyDocument): boolean {
  return doc.statements.length > 0 && doc.statements.every((s) => s.principal !== undefined || s.notPrincipal !== undefined);
}

export interface CheckPolicyResult {
  analysis: PolicyAnalysis;
  parseWarnings: string[];
  trust?: TrustAnalysis;
  /** For a resource-based or trust policy: public, cross-account (which accounts) or private. */
  resourcePolicy?: ResourcePolicyJudgement;
  leastPrivilege?: LeastPrivilege;
}

/** The `--json` object: the design.md contract keys first, extras after. */
export function checkPolicyJson(r: CheckPolicyResult): Record<string, unknown> {
  const a = r.analysis;
  const out: Record<string, unknown> = {
    adminEquivalent: a.adminEquivalent,
    escalations: a.escalations.map((e) => ({ method: e.method, actions: e.actions, resources: e.resources, target: e.target, conditional: e.conditional })),
    sensitive: a.sensitive,
    unknownActions: a.unknownActions,
    services: a.services,
    adminReasons: a.adminReasons,
    fullAccessServices: a.fullAccessServices,
    conditional: a.conditional,
    warnings: [...r.parseWarnings, ...a.warnings],
    catalogVersion: getCatalog().version,
  };
  if (r.trust) out.trust = r.trust;
  if (r.resourcePolicy) out.resourcePolicy = r.resourcePolicy;
  if (r.leastPrivilege) out.leastPrivilege = r.leastPrivilege;
  return out;
}

function levelSummary(levels: Partial<Record<AccessLevel, string[]>>, service: string): string {
  const range = getCatalog().serviceRanges.get(service);
  const total = range ? range.end - range.start : 0;
  const parts: string[] = [];
  let count = 0;
  for (const l of ACCESS_LEVELS) {
    const list = levels[l];
    if (!list) continue;
    count += list.length;
    const names = list.map((id) => id.slice(id.indexOf(':') + 1));
    parts.push(`${l} ${list.length}${list.length <= 4 ? ` (${names.join(', ')})` : ''}`);
  }
  return `${parts.join('; ')}${count === total && total > 0 ? ` — all ${total} actions` : ''}`;
}

export function checkPolicyText(file: string, r: CheckPolicyResult): string {
  const a = r.analysis;
  const lines: string[] = [];
  lines.push(`${file}:`);
  lines.push(a.adminEquivalent ? `  ADMIN-EQUIVALENT${a.conditional ? ' (under a Condition)' : ''}` : '  Not admin-equivalent');
  for (const reason of a.adminReasons) lines.push(`    - ${reason}`);
  const services = Object.keys(a.services).sort();
  const total = getCatalog().services.length;
  lines.push(`  Access by service (${services.length} service${services.length === 1 ? '' : 's'}):`);
  if (services.length > 40) {
    lines.push(`    ${services.length} of ${total} services; full access to ${a.fullAccessServices.length} (use --json for every action)`);
  } else {
    for (const s of services) lines.push(`    ${s}: ${levelSummary(a.services[s], s)}`);
    if (services.length === 0) lines.push(r.resourcePolicy ? '    (a resource-based policy grants access to the principals it names, not to an identity holding it: see below)' : '    (nothing is allowed)');
  }
  if (a.fullAccessServices.length > 0 && a.fullAccessServices.length <= 40) lines.push(`  Full access (every action on every resource): ${a.fullAccessServices.join(', ')}`);
  lines.push(`  Privilege-escalation paths: ${a.escalations.length === 0 ? 'none' : a.escalations.length}`);
  for (const e of a.escalations) {
    lines.push(`    - ${e.method}${e.conditional ? ' (only under a Condition)' : ''}: ${e.actions.join(' + ')} on ${e.resources.map((x) => JSON.stringify(x)).join(', ')}`);
    if (e.target) lines.push(`        reaches ${e.target}`);
  }
  lines.push(`  Sensitive grants: ${a.sensitive.length === 0 ? 'none' : a.sensitive.length}`);
  for (const s of a.sensitive) lines.push(`    - ${s.id}${s.conditional ? ' (only under a Condition)' : ''}: ${s.actions.join(', ')} on ${s.resources.map((x) => JSON.stringify(x)).join(', ')} — ${s.reason}`);
  if (a.unknownActions.length > 0) lines.push(`  Unknown actions (typo, or newer than catalogue ${getCatalog().version}): ${a.unknownActions.join(', ')}`);
  const warnings = [...r.parseWarnings, ...a.warnings];
  if (warnings.length > 0) {
    lines.push('  Warnings:');
    for (const w of warnings) lines.push(`    - ${w}`);
  }
  if (r.resourcePolicy) {
    const rp = r.resourcePolicy;
    const what = rp.access === 'public' ? 'PUBLIC' : rp.access === 'cross-account' ? `CROSS-ACCOUNT (${rp.accounts.join(', ')})` : 'private';
    lines.push(`  Resource policy (${rp.kind}): ${what}`);
    for (const reason of rp.reasons) lines.push(`    - ${reason}`);
    if (rp.services.length) lines.push(`    services admitted: ${rp.services.join(', ')}`);
  }
  if (r.trust) {
    const t = r.trust;
    lines.push('  Trust policy:');
    lines.push(`    public: ${t.public ? `YES — ${t.publicReason}` : 'no'}`);
    for (const e of t.externalAccounts) lines.push(`    external account ${e.account} (${e.principal}): ${e.guarded ? `guarded by ${e.guards.join(', ')}` : 'NO ExternalId / MFA / organization condition'}`);
    for (const s of t.services) lines.push(`    service ${s}${t.servicesWithoutSourceGuard.includes(s) ? ': no aws:SourceAccount / aws:SourceArn condition (confused deputy)' : ''}`);
    for (const f of t.federated) lines.push(`    federated ${f.provider}: ${f.guarded ? 'guarded' : `UNGUARDED — ${f.reason}`}`);
  }
  if (r.leastPrivilege) {
    const lp = r.leastPrivilege;
    lines.push(`  Least privilege for ${lp.needs.join(', ')}:`);
    if (lp.unknownNeeds.length) lines.push(`    unknown needed actions: ${lp.unknownNeeds.join(', ')}`);
    lines.push(lp.missing.length ? `    NOT granted: ${lp.missing.join(', ')}` : '    every needed action is granted');
    lines.push(`    granted beyond the needs: ${lp.excessCount} action${lp.excessCount === 1 ? '' : 's'}`);
    for (const s of lp.statements) lines.push(`    ${s.statement} uses ${s.uses.join(', ')} (${s.grants} action${s.grants === 1 ? '' : 's'}); needed: ${s.needed.length ? s.needed.join(', ') : 'none (drop it)'}`);
    lines.push('    Suggested policy:');
    for (const l of JSON.stringify(lp.suggestedPolicy, null, 2).split('\n')) lines.push(`      ${l}`);
  }
  // Each entry is one line: a newline or control character inside an action, resource or file name becomes visible.
  return `${lines.map((l) => escapeControls(l)).join('\n')}\n`;
}

export function checkPolicyDocument(doc: PolicyDocument, parseWarnings: string[], opts: { needs?: string[]; account?: string; config?: Config }): CheckPolicyResult {
  const trustPolicy = isTrustPolicy(doc);
  // A trust policy's statements are not identity grants: analyse its actions only if it is not a trust policy.
  const analysis = analysePolicies(trustPolicy ? [{ statements: [] }] : [doc]);
  const result: CheckPolicyResult = { analysis, parseWarnings };
  if (trustPolicy) {
    result.resourcePolicy = judgeResourcePolicy(doc, opts.account, { trustedAccounts: opts.config?.trustedAccounts });
    if (result.resourcePolicy.kind === 'role-trust') result.trust = analyseTrust(doc, opts.account ?? '', { trustedAccounts: opts.config?.trustedAccounts });
  }
  if (opts.needs && opts.needs.length) result.leastPrivilege = leastPrivilege(doc, opts.needs);
  return result;
}

export function register(program: Command, io: CliIo): void {
  program
    .command('check-policy')
    .description('analyse an IAM policy document before attaching it: access levels, admin-equivalence, escalation paths, sensitive grants, unknown actions')
    .argument('<file>', 'policy document (JSON or URL-encoded; also `aws iam get-policy-version` output)')
    .option('--json', 'print one JSON object')
    .option('--needs <actions>', 'comma-separated actions you need: prints a least-privilege version of the policy')
    .option('--account <id>', 'your account id (for a trust policy: other accounts are "external")')
    .option('--config <file>', 'configuration file (YAML or JSON); its trustedAccounts count as yours')
    .action((file: string, opts: CheckOpts) => {
      let config: Config;
      try {
        config = loadConfig({ file: opts.config, cwd: io.cwd, allowExpired: true });
      } catch (err) {
        io.err(`iam-guardian check-policy: ${(err as Error).message}\n`);
        io.fail();
        return;
      }
      const read = readPolicyFile(resolve(io.cwd, file), file);
      if (!read.ok) {
        io.err(`iam-guardian check-policy: ${read.error}\n`);
        io.fail();
        return;
      }
      const needs = opts.needs ? opts.needs.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      let out: string;
      try {
        // A time budget on the analysis, and any failure named with the file in one short line (never a stack trace).
        const r = withBudget(CHECK_POLICY_BUDGET_MS, () => checkPolicyDocument(read.document, read.warnings, { needs, account: opts.account, config }));
        out = opts.json ? `${JSON.stringify(checkPolicyJson(r))}\n` : checkPolicyText(file, r);
      } catch (err) {
        const why = err instanceof BudgetExceededError ? `the policy could not be analysed within ${CHECK_POLICY_BUDGET_MS / 1000} s (a crafted document?)` : `the policy could not be analysed (${shortMessage(err)})`;
        io.err(`iam-guardian check-policy: ${file}: ${why}\n`);
        io.fail();
        return;
      }
      io.out(out);
    });
}
