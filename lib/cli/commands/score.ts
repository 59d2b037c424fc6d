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
import { oneLine } from '../../text/escape';

interface ScoreOpts {
  json?: boolean;
  format?: FindingsFormat;
  config?: string;
  profile?: string;
}

/** The `--json` line of one event (design.md contract): lib/engine/json.ts, re-exported for callers of this module. */
export { scoredEventJson };

/** Human-readable rendering of one scored event. */
export function scoredEventText(s: ScoredEvent, file?: string): string {
  const sev = s.severity === 'none' ? 'no findings' : s.severity.toUpperCase();
  const lines: string[] = [];
  // One line per value: a newline in a name or id must not forge output lines (controls are escaped by the io too).
  const where = file ? `${oneLine(file)}: ` : '';
  const when = s.eventTime ? ` at ${oneLine(s.eventTime)}` : '';
  lines.push(`${where}${oneLine(s.eventName)} by ${oneLine(s.actor)}${when} [${oneLine(s.eventId)}]`);
  lines.push(`  ${sev}, score ${s.score}/100${s.alert ? ', ALERT' : ', no alert'}`);
  for (const f of s.findings) {
    const sup = f.status === 'suppressed' ? ` (suppressed: ${oneLine(f.suppression?.reason ?? 'by configuration')}${f.suppression?.expires ? `, until ${oneLine(f.suppression.expires)}` : ''})` : '';
    lines.push(`  - [${f.severity}] ${f.ruleId}: ${oneLine(f.title)}${sup}`);
    lines.push(`      ${oneLine(f.message)}`);
    if (f.fix.cli) lines.push(`      fix: ${oneLine(f.fix.cli)}`);
  }
  return `${lines.join('\n')}\n`;
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
    .addOption(formatOption(['text', 'json', 'ocsf', 'asff', 'csv']))
    .option('--config <file>', 'configuration file (YAML or JSON): thresholds, disabled rules, severity overrides, suppressions')
    .option('--profile <name>', 'read what events do not carry (policy versions, group policies) from IAM with this AWS profile')
    .action(async (files: string[], opts: ScoreOpts) => {
      const format = chosenFormat(opts, io, 'score');
      if (!format) return;
      const config = loadScoreConfig(opts, io);
      if (!config) return;
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
            const s = source ? await scoreEvent(rec, { config, source, signIns }) : scoreEventOffline(rec, { config, signIns });
            events++;
            if (s.alert) alerts++;
            if (format === 'json' || format === 'text') io.out(format === 'json' ? `${JSON.stringify(scoredEventJson(s))}\n` : scoredEventText(s, file));
            else exported.push(...s.findings);
          }
        }
      } finally {
        client?.destroy();
      }
      if (format !== 'json' && format !== 'text') writeFindingsFormatted(format, exported, io);
      if (format === 'text') io.out(`${events} event${events === 1 ? '' : 's'} scored, ${alerts} alert${alerts === 1 ? '' : 's'}${source ? '' : ' (offline: policy contents behind ARNs were not read)'}\n`);
    });
}
