/**
 * `demo [--out DIR] [--config FILE]` (what `npm start` runs): the whole product on the bundled sample account with no AWS account.
 * Sweeps samples/snapshots/messy against the sample history, scores every events/*.json offline as this week's
 * real-time alerts, and writes the weekly report: DIR/report.html (default out/), DIR/report-email.txt, and the
 * history it used (DIR/demo-history, readable with `iam-guardian report --history out/demo-history`).
 * Prints the e-mail text and where the files are.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../io';
import { buildDemo, DEMO_CONFIG, DEMO_SNAPSHOT } from '../../report/demo';
import { plural } from '../../text/plural';
import { resolveConfig } from '../options';
import { PACKAGE_ROOT } from '../../runtime/build';

/** The checkout's or installed package's root (samples/, events/). */
const ROOT = PACKAGE_ROOT;

export function register(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('run the sweep, event scoring and weekly report on the bundled sample account (no AWS needed)')
    .option('--out <dir>', 'where to write report.html, report-email.txt and demo-history/', 'out')
    .option('--config <file>', "configuration to use instead of the sample account's (samples/history/iam-guardian.config.yaml)")
    .action(async (opts: { out: string; config?: string }) => {
      let config;
      if (opts.config !== undefined) {
        // Checked before anything is written; expired suppressions simply stop applying (the sample data is dated).
        config = resolveConfig(opts, io, { command: 'demo', allowExpired: true });
        if (!config) return;
      }
      const out = path.resolve(io.cwd, opts.out);
      const historyDir = path.join(out, 'demo-history');
      try {
        await fs.rm(historyDir, { recursive: true, force: true });
        await fs.mkdir(out, { recursive: true });
        const demo = await buildDemo({ root: ROOT, historyDir, config });
        const htmlFile = path.join(out, 'report.html');
        const textFile = path.join(out, 'report-email.txt');
        await fs.writeFile(htmlFile, demo.html, 'utf8');
        await fs.writeFile(textFile, `Subject: ${demo.text.subject}\n\n${demo.text.message}`, 'utf8');
        const r = demo.report;
        // A path as short as it stays unambiguous: relative when under the working directory, else absolute.
        const shown = (p: string) => {
          const r = path.relative(io.cwd, p);
          return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : p;
        };
        const rel = (p: string) => (path.isAbsolute(opts.out) ? p : shown(p));
        // The configuration decides suppressions (and so the score and the open count): say which one this run used.
        const configUsed = opts.config ?? shown(path.join(ROOT, DEMO_CONFIG));
        io.out(`iam-guardian demo: sample account ${r.account}, snapshot taken ${demo.account.takenAt}\n`);
        io.out(`  config: ${configUsed}${opts.config === undefined ? " (the sample account's, with its suppressions; --config FILE to use another)" : ''}\n`);
        io.out(
          `  swept the sample snapshot: score ${r.score ?? 'n/a'}/100, ${plural(r.openTotal, 'open finding')}; ` +
            `scored ${demo.events.scored} sample events from ${demo.events.files} files, ${demo.events.alerts} alerted\n`,
        );
        for (const n of demo.notes) io.out(`  note: ${n}\n`);
        io.out('\n================ weekly e-mail (as SNS would send it) ================\n');
        io.out(`Subject: ${demo.text.subject}\n\n${demo.text.message}`);
        io.out('=======================================================================\n\n');
        io.out(`HTML report:   ${rel(htmlFile)}\n`);
        io.out(`E-mail text:   ${rel(textFile)}\n`);
        io.out(`History used:  ${rel(historyDir)}\n`);
        const snapshot = shown(path.join(ROOT, DEMO_SNAPSHOT));
        io.out(`The same score and open count from the CLI (same snapshot, same config):\n`);
        io.out(`  npx iam-guardian sweep --snapshot ${snapshot} --config ${configUsed}\n`);
        io.out(`  npx iam-guardian report --history ${rel(historyDir)} --config ${configUsed}\n`);
      } catch (e) {
        io.err(`iam-guardian demo: ${(e as Error).message}\n`);
        io.fail();
      }
    });
}
