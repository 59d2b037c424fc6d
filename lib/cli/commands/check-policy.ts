/**
 * `check-policy [--json] [--fail-on SEVERITY] [--needs a,b,c [--resource ARN]... [--out FILE]] [--account ID]
 * [--config FILE] <file>`: lint a policy document before attaching it (lib/policy/lint). Accepts the document as JSON
 * or URL-encoded JSON, or the output of `aws iam get-policy-version`, get-user/group/role-policy or get-role.
 *
 * Exit status (CHECK_POLICY_EXIT): 0 the policy was checked (and nothing reached --fail-on); 1 the file, the
 * configuration or an option cannot be used (unknown --needs action, …); 2 the document is invalid (AWS rejects it);
 * 3 a problem at or above the --fail-on severity. Without --fail-on a valid document always exits 0.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { FileTooLargeError, readBoundedTextSync } from '../../io/bounded-read';
import { BudgetExceededError, withBudget } from '../../policy/budget';
import { shortMessage } from '../../cloudtrail/input';
import type { CliIo } from '../io';
import { loadConfig } from '../../config/load';
import type { Config } from '../../config/types';
import { readPolicyText, unwrapPolicyInput, type PolicyInput } from '../../policy/lint/input';
import { checkPolicyDocument, type CheckPolicyResult } from '../../policy/lint/check';
import { checkPolicyJson, checkPolicyText } from '../../policy/lint/render';
import { checkAction } from '../../policy/lint/actions';
import { lintRank, type LintSeverity } from '../../policy/lint/types';
import { SEVERITIES, isSeverity } from '../../findings/types';
import type { PolicyDocument } from '../../policy/document';

export { unwrapPolicyInput, checkPolicyDocument, checkPolicyJson, checkPolicyText };
export type { CheckPolicyResult };

export const CHECK_POLICY_EXIT = { ok: 0, unusable: 1, invalid: 2, failOn: 3 } as const;

interface CheckOpts {
  json?: boolean;
  needs?: string;
  resource?: string[];
  out?: string;
  failOn?: string;
  account?: string;
  config?: string;
}

/** Time budget of one check-policy analysis. */
const CHECK_POLICY_BUDGET_MS = 20_000;

/** Largest policy file check-policy reads. */
export const MAX_POLICY_FILE_BYTES = 4 * 1024 * 1024;

export function readPolicyFile(path: string, shown: string): { ok: true; document: PolicyDocument; warnings: string[]; input: PolicyInput } | { ok: false; error: string } {
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
  const read = readPolicyText(text, shown);
  return read.ok ? { ok: true, document: read.input.document, warnings: read.input.warnings, input: read.input } : read;
}

/** Problems with the options themselves (exit 1), before the file is read. */
function optionProblems(opts: CheckOpts, needs: string[] | undefined): string[] {
  const out: string[] = [];
  if (opts.failOn !== undefined && !isSeverity(opts.failOn)) out.push(`--fail-on ${JSON.stringify(opts.failOn)}: use one of ${SEVERITIES.join(', ')}`);
  if ((opts.resource?.length || opts.out) && !needs?.length) out.push(`${opts.out ? '--out' : '--resource'} needs --needs (the actions the narrower policy keeps)`);
  if (opts.needs !== undefined && !needs?.length) out.push('--needs is empty: list the actions you need, e.g. --needs s3:GetObject,s3:PutObject');
  for (const n of needs ?? []) {
    const c = checkAction(n);
    if (!c.ok) out.push(`--needs ${c.message}`);
  }
  for (const r of opts.resource ?? []) if (r !== '*' && !/^arn:[^:]+:[^:]*:/.test(r)) out.push(`--resource ${JSON.stringify(r)} is not an ARN (arn:aws:s3:::my-bucket/*, arn:aws:dynamodb:us-east-1:111122223333:table/t, …)`);
  return out;
}

export function register(program: Command, io: CliIo): void {
  program
    .command('check-policy')
    .description('lint an IAM policy document before attaching it: a one-line verdict, AWS-invalid parts with line and column, wildcards and what they include, escalation paths, public or cross-account trust; --needs writes a least-privilege version')
    .argument('<file>', 'policy document (JSON or URL-encoded; also `aws iam get-policy-version` output)')
    .option('--json', 'print one JSON object')
    .option('--fail-on <severity>', `exit 3 when a problem is at least this severe (${SEVERITIES.join(', ')}); an invalid document always exits 2`)
    .option('--needs <actions>', 'comma-separated actions you need: prints a least-privilege version of the policy')
    .option('--resource <arn>', 'with --needs: narrow the suggested policy to this resource (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--out <file>', 'with --needs: write the suggested least-privilege policy to this file')
    .option('--account <id>', 'your account id (for a trust or resource policy: other accounts are "external")')
    .option('--config <file>', 'configuration file (YAML or JSON); its trustedAccounts count as yours')
    .action((file: string, opts: CheckOpts) => {
      const fail = (message: string, status: number = CHECK_POLICY_EXIT.unusable): void => {
        io.err(`iam-guardian check-policy: ${message}\n`);
        io.fail(status);
      };
      let config: Config;
      try {
        config = loadConfig({ file: opts.config, cwd: io.cwd, allowExpired: true });
      } catch (err) {
        return fail((err as Error).message);
      }
      const needs = opts.needs !== undefined ? opts.needs.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      const problems = optionProblems(opts, needs);
      if (problems.length) return fail(problems.join('\n  '));
      const read = readPolicyFile(resolve(io.cwd, file), file);
      if (!read.ok) return fail(read.error);
      let r: CheckPolicyResult;
      try {
        // A time budget on the analysis, and any failure named with the file in one short line (never a stack trace).
        r = withBudget(CHECK_POLICY_BUDGET_MS, () => checkPolicyDocument(read.document, read.warnings, { needs, resources: opts.resource, account: opts.account, config }, read.input));
      } catch (err) {
        const why = err instanceof BudgetExceededError ? `the policy could not be analysed within ${CHECK_POLICY_BUDGET_MS / 1000} s (a crafted document?)` : `the policy could not be analysed (${shortMessage(err)})`;
        return fail(`${file}: ${why}`);
      }
      io.out(opts.json ? `${JSON.stringify(checkPolicyJson(r))}\n` : checkPolicyText(file, r));
      if (!r.valid) return fail(`${file}: invalid policy: AWS would reject it (see the errors above)`, CHECK_POLICY_EXIT.invalid);
      if (opts.out && r.leastPrivilege) {
        const lp = r.leastPrivilege;
        if (lp.suggestedPolicy.Statement.length === 0) return fail(`${file}: grants none of ${needs?.join(', ')}${lp.resources ? ' on the given resources' : ''}: nothing written to ${opts.out}`);
        try {
          writeFileSync(resolve(io.cwd, opts.out), `${JSON.stringify(lp.suggestedPolicy, null, 2)}\n`);
        } catch (err) {
          return fail(`${opts.out}: cannot write: ${shortMessage(err)}`);
        }
        io.err(`wrote the least-privilege policy to ${opts.out}${lp.missing.length || lp.notOnResources?.length ? ` (without ${[...lp.missing, ...(lp.notOnResources ?? [])].join(', ')}: not granted by ${file})` : ''}\n`);
      }
      const threshold = opts.failOn as LintSeverity | undefined;
      if (threshold && r.problems.some((p) => lintRank(p.severity) >= lintRank(threshold))) io.fail(CHECK_POLICY_EXIT.failOn);
    });
}
