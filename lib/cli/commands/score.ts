/**
 * `score [--json | --format text|json|ocsf|asff|csv] [--config FILE] [--profile NAME] <file...>`: scores CloudTrail events with the real-time rules.
 * Each file: an EventBridge envelope, a bare CloudTrail record, a CloudTrail log file ({"Records": [...]}), a JSON
 * array or JSON Lines; `.json` or gzip. Offline by default (no credentials: what an event does not carry is scored
 * conservatively); `--profile` reads it from IAM with that profile's read-only credentials.
 * Exit status 1 when a file (or the configuration) cannot be read; the other files are still scored.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { CliIo } from '../io';
import type { Config } from '../../config/types';
import { chosenFormat, formatOption, resolveConfig, writeFindingsFormatted, type FindingsFormat } from '../options';
import { InputError, readEventFile } from '../../cloudtrail/input';
import { scoreEvent, scoreEventOffline, type ScoredEvent } from '../../engine/score-event';
import { scoredEventJson } from '../../engine/json';
import { MemorySignInCounter } from '../../store/sign-in-counter';
import type { EnrichmentSource } from '../../cloudtrail/enrichment-types';
import type { Finding } from '../../findings/types';
import { scoredEventText } from '../../engine/text';
import { formatEventAlert } from '../../alerts/format';
import { oneLine } from '../../text/escape';
import { suppressionHints } from '../../config/suppression-hints';
import { configForAccount, needsOus } from '../../config/accounts';
import { normalizeEvent } from '../../cloudtrail/normalize';

interface ScoreOpts {
  json?: boolean;
  email?: boolean;
  format?: FindingsFormat;
  config?: string;
  profile?: string;
}

/** The `--json` line of one event (design.md contract): lib/engine/json.ts, re-exported for callers of this module. */
export { scoredEventJson };

/** Human-readable rendering of one scored event (lib/engine/text.ts). */
export { scoredEventText };

/**
 * `--email`: the alert as SNS would deliver it (lib/alerts/format.ts, the formatter the change scorer uses), or a
 * one-line note for an event that sends none.
 */
function emailText(s: ScoredEvent, file: string): string {
  if (!s.alert) {
    const open = s.findings.filter((f) => f.status !== 'suppressed');
    const why = s.findings.length === 0 ? 'no finding' : open.length === 0 ? 'its findings are suppressed' : `its worst finding (${s.severity}) is below the alert threshold`;
    return `(${oneLine(file)}: ${oneLine(s.eventName)} sends no alert: ${why})\n\n`;
  }
  const mail = formatEventAlert(s);
  return `Subject: ${mail.subject}\n\n${mail.message}\n\n`;
}

function loadScoreConfig(opts: ScoreOpts, io: CliIo): Config | undefined {
  return resolveConfig(opts, io, { command: 'score', allowExpired: true });
}

export function register(program: Command, io: CliIo): void {
  program
    .command('score')
    .description('score CloudTrail events (EventBridge envelope, bare record, or log file; .json or .json.gz) with the real-time rules')
    .argument('<file...>', 'event files')
    .option('--json', 'one JSON object per event per line')
    .option('--email', 'print the alert e-mail exactly as the deployed monitor would send it (subject and body), for each event that alerts')
    .addOption(formatOption(['text', 'json', 'ocsf', 'asff', 'csv']))
    .option('--config <file>', 'configuration file (YAML or JSON): thresholds, disabled rules, severity overrides, suppressions')
    .option('--profile <name>', 'read what events do not carry (policy versions, group policies) from IAM with this AWS profile')
    .action(async (files: string[], opts: ScoreOpts) => {
      if (opts.email && (opts.json || (opts.format !== undefined && opts.format !== 'text'))) {
        io.err('iam-guardian score: --email prints the alert e-mail; it takes no --json or --format\n');
        io.fail();
        return;
      }
      const format = chosenFormat(opts, io, 'score');
      if (!format) return;
      const config = loadScoreConfig(opts, io);
      if (!config) return;
      // `accounts:` entries (Organizations mode) apply by the event's account, as in the deployed scorer. The OU path of
      // an account is not known here: entries that match by OU only are not applied, and the user is told once.
      const perAccount = (config.accounts?.length ?? 0) > 0;
      if (needsOus(config)) {
        io.err('iam-guardian score: warning: `accounts:` entries that match by OU are not applied here (the CLI does not read the organization); entries matching by account id are\n');
      }
      const configFor = (rec: unknown): Config => (perAccount ? configForAccount(config, normalizeEvent(rec).account) : config);
      // ocsf / asff / csv: the findings of every event, written once at the end (one document).
      const exported: Finding[] = [];
      let source: EnrichmentSource | undefined;
      let client: IAMClient | undefined;
      if (opts.profile) {
        // The AWS SDK is loaded only when IAM is read.
        const [{ IAMClient }, { fromIni }] = await Promise.all([import('@aws-sdk/client-iam'), import('@aws-sdk/credential-providers')]);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { iamEnrichmentSource } = require('../../aws/iam-enricher') as typeof import('../../aws/iam-enricher');
        client = new IAMClient({ region: 'us-east-1', credentials: fromIni({ profile: opts.profile }), maxAttempts: 6, retryMode: 'adaptive' });
        source = iamEnrichmentSource(client);
      }
      let events = 0;
      // Rule and resource of each finding (bounded), for "did you mean" on suppressions that matched nothing.
      const seen: { ruleId: string; resource: string }[] = [];
      let alerts = 0;
      // console-sign-in-attack: one in-memory counter over every file, in the order given (as the Lambda's
      // state-table counters see events in the order they arrive).
      const signIns = new MemorySignInCounter({ windowMinutes: config.thresholds.signInWindowMinutes, threshold: config.thresholds.signInFailures });
      try {
        for (const file of files) {
          let records: unknown[];
          try {
            records = await readEventFile(resolve(io.cwd, file), undefined, file);
          } catch (err) {
            const msg = err instanceof InputError ? `${file}: ${err.problem}` : `${file}: ${(err as Error).message}`;
            io.err(`iam-guardian score: ${msg}\n`);
            io.fail();
            continue;
          }
          if (records.length === 0) {
            io.err(`iam-guardian score: ${file}: holds no events\n`);
            continue;
          }
          for (const rec of records) {
            const recConfig = configFor(rec);
            const s = source ? await scoreEvent(rec, { config: recConfig, source, signIns }) : scoreEventOffline(rec, { config: recConfig, signIns });
            events++;
            for (const f of s.findings) if (seen.length < 10_000) seen.push({ ruleId: f.ruleId, resource: f.resource });
            if (s.alert) alerts++;
            if (opts.email) io.out(emailText(s, file));
            else if (format === 'json' || format === 'text') io.out(format === 'json' ? `${JSON.stringify(scoredEventJson(s))}\n` : scoredEventText(s, file));
            else exported.push(...s.findings);
          }
        }
      } finally {
        client?.destroy();
      }
      for (const hint of suppressionHints(config, seen, new Date().toISOString())) io.err(`iam-guardian score: warning: ${oneLine(hint)}\n`);
      if (format !== 'json' && format !== 'text') writeFindingsFormatted(format, exported, io);
      if (format === 'text' && !opts.email) io.out(`${events} event${events === 1 ? '' : 's'} scored, ${alerts} alert${alerts === 1 ? '' : 's'}${source ? '' : ' (offline: policy contents behind ARNs were not read)'}\n`);
    });
}
