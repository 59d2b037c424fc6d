/**
 * The iam-guardian CLI. Each command lives in lib/cli/commands/<name>.ts and exports `register(program, io)`; only the
 * chosen command's module is loaded (commands/index.ts). Exit status: 0 when the command did its job (findings or
 * not); 1 for a usage error, unreadable input or configuration, and when a command reports failure itself (a doctor
 * check that fails, messages redrive could not replay or left in the queue).
 */
import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { COMMANDS, type CommandEntry } from './commands';
import type { CliIo } from './io';
import { processIo } from './io';

/** The command `argv` runs (`help <command>` counts as that command), if any. The program has no option taking a value. */
export function chosenCommand(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = new Command();
  program
    .name('iam-guardian')
    .description('AWS IAM compliance monitor: score CloudTrail events, check policies, sweep accounts, report.')
    .version(version, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
    })
    .configureHelp({
      // The list shows each command as if it were registered (`score [options] <file...>`), stubs included.
      subcommandTerm: (cmd) => {
        const entry = COMMANDS.find((c) => c.name === cmd.name());
        if (!entry) return cmd.name();
        return `${entry.name} [options]${entry.args ? ` ${entry.args}` : ''}`;
      },
    });
  const chosen = chosenCommand(argv);
  for (const entry of COMMANDS) {
    if (entry === chosen) entry.load().register(program, io);
    // Not run: a name and description for the command list, without loading the module.
    else program.command(entry.name).description(entry.description);
  }
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
