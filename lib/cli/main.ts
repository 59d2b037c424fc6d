/**
 * The iam-guardian CLI. Each command lives in lib/cli/commands/<name>.ts and exports `register(program, io)`.
 * Exit status: 0 when the command ran (findings or not), 1 for unreadable input or configuration.
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands';
import type { CliIo } from './io';
import { processIo } from './io';

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = new Command();
  program
    .name('iam-guardian')
    .description('AWS IAM compliance monitor: score CloudTrail events, check policies, sweep accounts, report.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
    });
  for (const register of COMMANDS) register(program, io);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return err.exitCode === 0 ? 0 : 1;
    }
    io.err(`iam-guardian: ${(err as Error).message}\n`);
    return 1;
  }
  return io.exitCode();
}
