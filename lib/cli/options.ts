/**
 * CLI option helpers shared by the commands: `--config FILE` (validated configuration) and `--format` (json, ocsf,
 * asff, csv, html, text) with one writer for every format.
 */
import { Option, type Command } from 'commander';
import type { CliIo } from './io';
import type { Config } from '../config/types';
import { ConfigError, loadConfigDetailed, type ConfigProblem } from '../config/load';
import { basename } from 'node:path';
import type { Finding } from '../findings/types';
import { toOcsf } from '../export/ocsf';
import { toAsff } from '../export/asff';
import { toCsv } from '../export/csv';
import { FormatUnavailableError } from './errors';

export const FINDINGS_FORMATS = ['json', 'ocsf', 'asff', 'csv', 'html', 'text'] as const;
export type FindingsFormat = (typeof FINDINGS_FORMATS)[number];

export const CONFIG_OPTION_HELP =
  'configuration file (YAML or JSON: thresholds, disabled rules, severity overrides, suppressions); default: iam-guardian.config.yaml/.yml/.json in the current directory';

/** Adds `--config <file>` to a command. */
export function addConfigOption(cmd: Command): Command {
  return cmd.option('--config <file>', CONFIG_OPTION_HELP);
}

export interface ResolveConfigOptions {
  /** Command name for the error prefix (`iam-guardian sweep: …`). */
  command?: string;
  /** Reference time for "expiry in the past". */
  now?: string | Date;
  /**
   * Accept suppressions whose expiry has passed (they stop applying; their findings re-open). Default false: an
   * expired suppression is a configuration error the user must renew or remove, as for a deploy.
   */
  allowExpired?: boolean;
}

/**
 * The command's configuration: `--config FILE`, else the root file in io.cwd, else the defaults. On a bad file, prints
 * the ConfigError (every problem with file:line), sets exit status 1 and returns undefined.
 */
export function resolveConfig(opts: { config?: string }, io: CliIo, o: ResolveConfigOptions = {}): Config | undefined {
  const prefix = `iam-guardian${o.command ? ` ${o.command}` : ''}: `;
  try {
    const warnings: ConfigProblem[] = [];
    const r = loadConfigDetailed({ file: opts.config, cwd: io.cwd, now: o.now, allowExpired: o.allowExpired, warnings });
    const shown = opts.config ?? (r.file ? basename(r.file) : '');
    for (const w of warnings) io.err(`${prefix}warning: ${shown}${w.line !== undefined ? `:${w.line}` : ''}: ${w.problem}\n`);
    return r.config;
  } catch (err) {
    if (err instanceof ConfigError) io.err(`${prefix}${err.message.split('\n').join(`\n${prefix}`)}\n`);
    else io.err(`${prefix}${(err as Error).message}\n`);
    io.fail();
    return undefined;
  }
}

/** The `--format <format>` option limited to `formats` (default `def`), for `.addOption(...)` in a command chain. */
export function formatOption(formats: readonly FindingsFormat[], def?: FindingsFormat): Option {
  const opt = new Option('--format <format>', `output format: ${formats.join(' | ')}`).choices([...formats]);
  if (def) opt.default(def);
  return opt;
}

/** Adds `--format <format>` limited to `formats` (default `def`). */
export function addFormatOption(cmd: Command, formats: readonly FindingsFormat[], def?: FindingsFormat): Command {
  return cmd.addOption(formatOption(formats, def));
}

/**
 * The output format of a command that has both `--json` (design.md contract) and `--format`: `--json` means json;
 * both given and different → undefined after printing the conflict (exit 1).
 */
export function chosenFormat(
  opts: { json?: boolean; format?: FindingsFormat },
  io: CliIo,
  command: string,
  def: FindingsFormat = 'text',
): FindingsFormat | undefined {
  if (opts.json && opts.format && opts.format !== 'json') {
    io.err(`iam-guardian ${command}: --json and --format ${opts.format} contradict each other; use one\n`);
    io.fail();
    return undefined;
  }
  return opts.json ? 'json' : (opts.format ?? def);
}

export interface FormatContext {
  /** Region for ASFF ProductArn / OCSF cloud.region. Default us-east-1 (where the stack runs). */
  region?: string;
  /** Importing account for ASFF (default each finding's account). */
  accountId?: string;
  /** Renderers for the command-specific formats (json keeps each command's design.md contract). */
  json?: () => string;
  text?: () => string;
  html?: () => string;
}

/** Renders findings in `format`. ocsf and asff are JSON arrays (pretty-printed); csv has a header row. */
export function renderFindings(format: FindingsFormat, findings: readonly Finding[], ctx: FormatContext = {}): string {
  const region = ctx.region ?? 'us-east-1';
  switch (format) {
    case 'ocsf':
      return `${JSON.stringify(findings.map((f) => toOcsf(f, { region })), null, 2)}\n`;
    case 'asff':
      return `${JSON.stringify(findings.map((f) => toAsff(f, { region, accountId: ctx.accountId })), null, 2)}\n`;
    case 'csv':
      return toCsv(findings);
    case 'json':
      return ctx.json ? ctx.json() : `${JSON.stringify(findings, null, 2)}\n`;
    case 'text':
      if (ctx.text) return ctx.text();
      return findings
        .map((f) => `[${f.severity}] ${f.ruleId} ${f.resource}${f.status === 'suppressed' ? ` (suppressed: ${f.suppression?.reason ?? ''})` : ''}\n  ${f.message}\n`)
        .join('');
    case 'html':
      if (ctx.html) return ctx.html();
      throw new FormatUnavailableError(format);
  }
}

/** Writes findings to io.out in `format` (see renderFindings). */
export function writeFindingsFormatted(format: FindingsFormat, findings: readonly Finding[], io: CliIo, ctx: FormatContext = {}): void {
  io.out(renderFindings(format, findings, ctx));
}
