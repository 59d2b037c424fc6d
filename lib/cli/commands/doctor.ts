/**
 * `doctor [--send-test] [--json] [--profile P] [--stage S] [--region R] [--config FILE]`: checks a deployment (or,
 * before deploying, the account): one line per check — PASS / WARN / FAIL, what was seen, the exact fix command.
 * Exit 1 when a check fails. The AWS SDK is loaded when the command runs (never for `--help` or another command).
 */
import type { Command } from 'commander';
import type { CliIo } from '../io';
import { haveCredentials } from '../credentials';
import { addConfigOption, resolveConfig } from '../options';
import { doctorExitCode, eventHistoryHint } from '../../doctor/checks';
import { doctorJson, renderDoctorText } from '../../doctor/render';

interface DoctorOpts {
  sendTest?: boolean;
  json?: boolean;
  profile?: string;
  stage: string;
  region: string;
  config?: string;
}

export const DOCTOR_DESCRIPTION =
  'check a deployment (or the account before deploying): credentials, trail, stack, rules, subscriptions, KMS key, scorer, dead-letter queues, last sweep; exit 1 on any failure';

export function register(program: Command, io: CliIo): void {
  const cmd = program
    .command('doctor')
    .description(DOCTOR_DESCRIPTION)
    .option('--send-test', 'also publish a clearly marked test alert to the alerts topic and confirm SNS accepted it')
    .option('--json', 'print {"ok","counts","checks":[{"id","status","resource","seen","fix"}]} as JSON')
    .option('--profile <name>', 'AWS profile (default: the SDK default credential chain)')
    .option('--stage <stage>', 'stage the stack was deployed with (stack iam-guardian-<stage>)', 'prod')
    .option('--region <region>', 'region of the main stack (must be us-east-1)', 'us-east-1');
  addConfigOption(cmd);
  cmd.action(async (opts: DoctorOpts) => {
    const config = resolveConfig(opts, io, { command: 'doctor', allowExpired: true });
    if (!config) return;
    const permissions = 'the read-only calls listed in the README, "No trail yet? Start here" (ReadOnlyAccess covers them; --send-test also needs sns:Publish)';
    if (!(await haveCredentials(io, { command: 'doctor', profile: opts.profile, permissions }))) return;
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { makeDoctorClients, destroyDoctorClients } = require('../../aws/doctor-clients') as typeof import('../../aws/doctor-clients');
    const { runDoctor } = require('../../aws/doctor') as typeof import('../../aws/doctor');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const clients = makeDoctorClients({ profile: opts.profile, region: opts.region });
    try {
      const r = await runDoctor(clients, {
        stage: opts.stage,
        region: opts.region,
        profile: opts.profile,
        forwardRegions: config.forwardRegions,
        sendTest: Boolean(opts.sendTest),
        now: new Date(),
      });
      if (opts.json) io.out(doctorJson(r.checks, { account: r.account ?? null, stack: r.stackName, region: opts.region }));
      else {
        io.out(renderDoctorText(r.checks, `iam-guardian doctor: account ${r.account ?? '?'}, stack ${r.stackName} (${opts.region})`));
        if (r.noTrail) io.err(`No trail yet? Read the last 90 days of this account's CloudTrail Event history now: ${eventHistoryHint(opts.profile)}\n`);
      }
      if (doctorExitCode(r.checks)) io.fail();
    } finally {
      destroyDoctorClients(clients);
    }
  });
}
