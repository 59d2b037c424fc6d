/**
 * Every CLI command, listed in this order. Each lives in commands/<name>.ts and exports `register(program, io)`;
 * main.ts loads only the module of the command being run (its imports — AWS SDK clients, the action catalogue, the
 * report renderer — are not loaded for another command or for `--help`). The published CLI bundles each module
 * separately (scripts/build.js: dist/command-<name>.js). Add a command: write commands/<name>.ts and list it here,
 * with the same description as its register() (test/cli/main.test.ts compares them).
 */
import type { Command } from 'commander';
import type { CliIo } from '../io';

export type RegisterCommand = (program: Command, io: CliIo) => void;

export interface CommandEntry {
  name: string;
  /** Its arguments as commander prints them after `[options]` in the command list (`<file...>`). */
  args: string;
  description: string;
  /** The command's module, loaded on first call (require: works the same under jest, tsx and in the dist/ bundles). */
  load: () => CommandModule;
}

interface CommandModule {
  register: RegisterCommand;
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'score',
    args: '<file...>',
    description: 'score CloudTrail events (EventBridge envelope, bare record, or log file; .json or .json.gz) with the real-time rules',
    load: () => require('./score') as CommandModule,
  },
  {
    name: 'replay',
    args: '[source]',
    description: 'score a CloudTrail archive (a folder of .json/.json.gz log files, or s3://bucket/prefix) with the real-time rules',
    load: () => require('./replay') as CommandModule,
  },
  {
    name: 'sweep',
    args: '',
    description: 'posture findings of a saved snapshot folder (--snapshot) or of the live account (default credentials or --profile)',
    load: () => require('./sweep') as CommandModule,
  },
  {
    name: 'snapshot',
    args: '',
    description: "save the account's IAM state (read-only calls) as a snapshot folder for `sweep --snapshot`",
    load: () => require('./snapshot') as CommandModule,
  },
  {
    name: 'report',
    args: '',
    description: 'render the weekly posture report (e-mail text, --json model, --html file) from local snapshots or stored history',
    load: () => require('./report') as CommandModule,
  },
  {
    name: 'demo',
    args: '',
    description: 'run the sweep, event scoring and weekly report on the bundled sample account (no AWS needed)',
    load: () => require('./demo') as CommandModule,
  },
  {
    name: 'check-policy',
    args: '<file>',
    description:
      'lint an IAM policy document before attaching it: a one-line verdict, AWS-invalid parts with line and column, wildcards and what they include, escalation paths, public or cross-account trust; --needs writes a least-privilege version',
    load: () => require('./check-policy') as CommandModule,
  },
  {
    name: 'rightsize',
    args: '',
    description:
      'least privilege from real usage: the actions each user or role called in CloudTrail (--archive DIR | s3://… | --event-history), a proposed policy for --principal ARN (validated: never broader than the current one, with what would be removed), or granted vs used for --all',
    load: () => require('./rightsize') as CommandModule,
  },
  {
    name: 'redrive',
    args: '',
    description:
      'replay the events in an iam-guardian dead-letter queue through the function that should have handled them (deleted only after success)',
    load: () => require('./redrive') as CommandModule,
  },
  {
    name: 'doctor',
    args: '',
    description:
      'check a deployment (or the account before deploying): credentials, trail, stack, rules, subscriptions, KMS key, scorer, dead-letter queues, last sweep; exit 1 on any failure',
    load: () => require('./doctor') as CommandModule,
  },
];
/* eslint-enable @typescript-eslint/no-require-imports */
