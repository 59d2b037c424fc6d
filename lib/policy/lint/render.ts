/**
 * check-policy's text and JSON output. Text: the one-line verdict first, then each problem with its line:column and
 * severity (worst first), then the details (access per service, escalation paths, sensitive grants, trust analysis,
 * least privilege). JSON: the design.md contract keys first, extras after (`valid`, `verdict`, `problems` added).
 */
import { ACCESS_LEVELS, getCatalog } from '../catalog';
import type { AccessLevel } from '../analyse';
import { escapeControls, shellQuote } from '../../text/escape';
import type { CheckPolicyResult, LocatedProblem } from './check';

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
  out.valid = r.valid;
  out.verdict = r.verdict;
  out.problems = r.problems.map((p) => ({ severity: p.severity, code: p.code, message: p.message, path: p.path, ...(p.at ? { line: p.at.line, column: p.at.column } : {}) }));
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

function where(p: LocatedProblem): string {
  if (p.at) return `${p.at.line}:${p.at.column}`;
  return p.path.length ? p.path.join('.') : '-';
}

function problemLines(r: CheckPolicyResult): string[] {
  const width = Math.max(5, ...r.problems.map((p) => where(p).length));
  return r.problems.map((p) => `  ${where(p).padEnd(width)}  ${p.severity.padEnd(8)} ${p.message}`);
}

/** The command that writes a least-privilege version of this policy (shown after a wildcard or admin problem). */
function nextStep(file: string, r: CheckPolicyResult): string | undefined {
  if (r.leastPrivilege || r.resourcePolicy || !r.valid) return undefined;
  const broad = r.problems.find((p) => ['service-wildcard', 'action-wildcard', 'admin-equivalent', 'allow-notaction'].includes(p.code));
  if (!broad) return undefined;
  // The service when the grant has one (a service wildcard's, or the only service the policy grants); "*", NotAction
  // or admin access over many name none (the catalogue's first service would be a guess): left for the reader too.
  const granted = Object.keys(r.analysis.services);
  const svc = broad.code === 'service-wildcard' ? r.analysis.fullAccessServices[0] : granted.length === 1 ? granted[0] : undefined;
  const action = svc ? `${svc}:<Action>` : '<service>:<Action>';
  return `  Next: name the actions (and resources) you need and write the narrower policy:\n    iam-guardian check-policy --needs ${action},${action} --resource <arn> --out least-privilege.json ${shellQuote(file) ?? "''"}`;
}

export function checkPolicyText(file: string, r: CheckPolicyResult): string {
  const a = r.analysis;
  const lines: string[] = [];
  lines.push(`${file}: ${r.verdict.text}`);
  lines.push(...problemLines(r));
  const next = nextStep(file, r);
  if (next) lines.push(...next.split('\n'));
  // An invalid document is not analysed further: what AWS would do with it is "reject it".
  if (!r.valid) {
    const limits = r.parseWarnings.filter((w) => w.startsWith('not fully evaluated'));
    if (limits.length) lines.push('  Notes:', ...limits.map((w) => `    - ${w}`));
    return `${lines.map((l) => escapeControls(l)).join('\n')}\n`;
  }
  lines.push('  Details:');
  if (!r.resourcePolicy) {
    lines.push(a.adminEquivalent ? `  ADMIN-EQUIVALENT${a.conditional ? ' (under a Condition)' : ''}` : '  Not admin-equivalent');
    for (const reason of a.adminReasons) lines.push(`    - ${reason}`);
    const services = Object.keys(a.services).sort();
    const total = getCatalog().services.length;
    lines.push(`  Access by service (${services.length} service${services.length === 1 ? '' : 's'}):`);
    if (services.length > 40) {
      lines.push(`    ${services.length} of ${total} services; full access to ${a.fullAccessServices.length} (use --json for every action)`);
    } else {
      for (const s of services) lines.push(`    ${s}: ${levelSummary(a.services[s], s)}`);
      if (services.length === 0) lines.push('    (no statement allows a known action)');
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
  }
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
    lines.push(`  Least privilege for ${lp.needs.join(', ')}${lp.resources ? ` on ${lp.resources.join(', ')}` : ''}:`);
    if (lp.unknownNeeds.length) lines.push(`    unknown needed actions: ${lp.unknownNeeds.join(', ')}`);
    lines.push(lp.missing.length ? `    NOT granted by this policy (left out of the suggestion): ${lp.missing.join(', ')}` : '    every needed action is granted');
    if (lp.notOnResources?.length) lines.push(`    NOT granted on the given resources (left out): ${lp.notOnResources.join(', ')}`);
    lines.push(`    granted beyond the needs: ${lp.excessCount} action${lp.excessCount === 1 ? '' : 's'}`);
    for (const s of lp.statements) lines.push(`    ${s.statement} uses ${s.uses.join(', ')} (${s.grants} action${s.grants === 1 ? '' : 's'}); needed: ${s.needed.length ? s.needed.join(', ') : 'none (drop it)'}`);
    if (lp.suggestedPolicy.Statement.length === 0) lines.push('    No suggestion: the policy grants none of the needed actions (on the given resources).');
    else {
      lines.push('    Suggested policy:');
      for (const l of JSON.stringify(lp.suggestedPolicy, null, 2).split('\n')) lines.push(`      ${l}`);
    }
  }
  // Each entry is one line: a newline or control character inside an action, resource or file name becomes visible.
  return `${lines.map((l) => escapeControls(l)).join('\n')}\n`;
}
