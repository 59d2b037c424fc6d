/**
 * `redrive --queue-url URL [--profile NAME] [--function NAME] [--dry-run] [--json] [--max N] [--config FILE]`: replays the events in
 * one of iam-guardian's dead-letter queues (EventsDlq, FunctionFailureQueue, a forwarder's DLQ) through the function
 * that should have handled them (lib/aws/redrive.ts), deleting each message only after the replay succeeded.
 * The region comes from the queue URL; the functions live in us-east-1 unless a message names another region.
 * Only the stack's own functions are invoked (`--stack`, read with cloudformation:ListStackResources, or the list given
 * with `--allow-function`); a message naming another function is refused and left in the queue (lib/aws/redrive.ts).
 * Exit status 1 when the queue URL is invalid, the stack's functions cannot be read, or a replay failed or was refused
 * (those messages stay in the queue).
 */
import { haveCredentials } from '../credentials';
import type { Command } from 'commander';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { fromIni } from '@aws-sdk/credential-providers';
import type { CliIo } from '../io';
import { loadConfig } from '../../config/load';
import { queueRegion, redriveDlq, stackFunctionArns, type RedriveItem } from '../../aws/redrive';
import { AwsTargetError } from '../../aws/errors';

interface RedriveOpts {
  queueUrl: string;
  config?: string;
  profile?: string;
  function: string;
  dryRun?: boolean;
  json?: boolean;
  max?: string;
  stack: string;
  allowFunction?: string[];
}

function line(i: RedriveItem): string {
  const what = [i.eventName, i.eventId].filter(Boolean).join(' ') || 'message';
  const fn = i.functionName ? ` -> ${i.functionName.split(':').slice(-1)[0]}` : '';
  const why = i.reason ? ` (dead-lettered: ${i.reason})` : '';
  const err = i.error ? `: ${i.error}` : '';
  return `${i.status.padEnd(12)} ${i.kind.padEnd(17)} ${what}${fn}${why}${err}\n`;
}

export function register(program: Command, io: CliIo): void {
  program
    .command('redrive')
    .description("replay the events in an iam-guardian dead-letter queue through the function that should have handled them (deleted only after success)")
    .requiredOption('--queue-url <url>', 'the queue (stack outputs EventsDlqUrl / FunctionFailureQueueUrl, or a forwarder ForwarderDlqUrl)')
    .option('--profile <name>', 'AWS profile (needs sqs:ReceiveMessage, sqs:DeleteMessage on the queue and lambda:InvokeFunction on the functions)')
    .option('--function <name>', 'function for events whose failed target was not a function (tamper SNS path, forwarder bus)', 'iam-guardian-prod-change-scorer')
    .option('--dry-run', 'list what would be replayed; invoke and delete nothing')
    .option('--json', 'print the result as JSON')
    .option('--max <n>', 'stop after this many messages', '1000')
    .option('--stack <name>', "the monitor's CloudFormation stack in us-east-1: only its functions are invoked (needs cloudformation:ListStackResources)", 'iam-guardian-prod')
    .option('--allow-function <arn...>', 'invoke only these function ARNs (instead of reading the stack)')
    .option('--config <file>', 'configuration file (checked like every command; redrive itself uses none of it)')
    .action(async (opts: RedriveOpts) => {
      try {
        loadConfig({ file: opts.config, cwd: io.cwd, allowExpired: true });
      } catch (err) {
        io.err(`iam-guardian redrive: ${(err as Error).message}\n`);
        io.fail();
        return;
      }
      let region: string;
      try {
        region = queueRegion(opts.queueUrl);
      } catch (err) {
        if (!(err instanceof AwsTargetError)) throw err;
        io.err(`iam-guardian redrive: ${(err as Error).message}\n`);
        io.fail();
        return;
      }
      const max = Number(opts.max);
      if (!Number.isInteger(max) || max < 1) {
        io.err(`iam-guardian redrive: --max must be a positive integer, got ${JSON.stringify(opts.max)}\n`);
        io.fail();
        return;
      }
      const redriveNeeds = {
        command: 'redrive',
        profile: opts.profile,
        permissions: 'sqs:ReceiveMessage and sqs:DeleteMessage on the queue, lambda:InvokeFunction on the stack\'s functions and cloudformation:ListStackResources on the stack',
      };
      if (!(await haveCredentials(io, redriveNeeds))) return;
      // The default function: an ARN as given, or a name in the queue's account in us-east-1 (where the stack lives).
      const account = /\/(\d{12})\//.exec(opts.queueUrl)?.[1];
      const defaultFunction = opts.function.startsWith('arn:') ? opts.function : `arn:aws:lambda:us-east-1:${account}:function:${opts.function}`;
      const credentials = opts.profile ? fromIni({ profile: opts.profile }) : undefined;
      const sqs = new SQSClient({ region, ...(credentials ? { credentials } : {}) });
      const lambda = new LambdaClient({ region: defaultFunction.split(':')[3] || 'us-east-1', ...(credentials ? { credentials } : {}) });
      // The functions a message may name: the stack's own (or the given list), plus the default the user chose.
      let allowed: string[];
      if (opts.allowFunction?.length) allowed = [...opts.allowFunction];
      else {
        const cfn = new CloudFormationClient({ region: 'us-east-1', ...(credentials ? { credentials } : {}) });
        try {
          allowed = await stackFunctionArns(cfn, opts.stack, 'us-east-1', account ?? '');
        } catch (err) {
          const e = err as { name?: string; message?: string };
          io.err(`iam-guardian redrive: cannot read the functions of stack ${opts.stack} (${e.name ?? 'Error'}: ${e.message ?? String(err)}); give --stack NAME or --allow-function ARN...\n`);
          io.fail();
          sqs.destroy();
          lambda.destroy();
          return;
        } finally {
          cfn.destroy();
        }
      }
      allowed.push(defaultFunction);
      try {
        const result = await redriveDlq(sqs, lambda, opts.queueUrl, {
          defaultFunction,
          allowedFunctions: allowed,
          dryRun: opts.dryRun,
          maxMessages: max,
          onProgress: opts.json ? undefined : (i) => io.out(line(i)),
        });
        if (opts.json) io.out(`${JSON.stringify(result)}\n`);
        else {
          io.out(
            `${opts.dryRun ? 'dry run: ' : ''}${result.received} message(s): ${result.replayed} replayed, ${result.failed} failed, ${result.skipped} skipped` +
              `${result.refused ? `, ${result.refused} refused (function not in the stack; left in the queue)` : ''}` +
              `${opts.dryRun ? `, ${result.received - result.skipped} would be replayed` : ''}\n`,
          );
        }
        if (result.failed > 0 || result.skipped > 0 || result.refused > 0) io.fail();
      } catch (err) {
        const e = err as { name?: string; message?: string };
        io.err(`iam-guardian redrive: ${e.name ?? 'Error'}: ${e.message ?? String(err)}\n`);
        io.fail();
      } finally {
        sqs.destroy();
        lambda.destroy();
      }
    });
}
