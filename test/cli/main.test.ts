/**
 * The command list and lazy loading: `--help` lists every command without loading any command module, a command
 * loads only its own module, and a command that does not call AWS or read a configuration file loads neither the AWS
 * SDK nor yaml/ajv (checked on the compiled CLI, built from these sources by jest's global setup, through
 * require.cache). The list's descriptions are the commands' own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Command } from 'commander';
import { COMMANDS } from '../../lib/cli/commands';
import { chosenCommand, main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';

const ROOT = join(__dirname, '..', '..');
import { version } from '../../package.json';

describe('command list', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s: the list shows what its module registers', (_n, entry) => {
    const program = new Command();
    entry.load().register(program, memoryIo());
    const cmd = program.commands.find((c) => c.name() === entry.name);
    expect(cmd?.description()).toBe(entry.description);
    expect(cmd?.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}]`)).join(' ')).toBe(entry.args);
  });

  it('picks the command from argv, `help <command>` included', () => {
    expect(chosenCommand(['node', 'x', 'score', 'f.json'])?.name).toBe('score');
    expect(chosenCommand(['node', 'x', '--help'])).toBeUndefined();
    expect(chosenCommand(['node', 'x', 'help', 'check-policy'])?.name).toBe('check-policy');
    expect(chosenCommand(['node', 'x', 'nonsense'])).toBeUndefined();
  });

  it('--version prints the package version; an unknown command fails', async () => {
    const io = memoryIo();
    expect(await main(['node', 'iam-guardian', '--version'], io)).toBe(0);
    expect(io.stdout.trim()).toBe(version);
    const bad = memoryIo();
    expect(await main(['node', 'iam-guardian', 'nonsense'], bad)).toBe(1);
    expect(bad.stderr).toMatch(/unknown command 'nonsense'/);
  });

  it('help <command> shows that command with its options', async () => {
    const io = memoryIo();
    expect(await main(['node', 'iam-guardian', 'help', 'score'], io)).toBe(0);
    expect(io.stdout).toMatch(/Usage: iam-guardian score \[options\] <file\.\.\.>[\s\S]*--profile <name>/);
  });
});

describe('what the compiled CLI loads', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'iam-guardian-loads-'));
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The modules one run of the compiled CLI loads, relative to the checkout. */
  function modules(...args: string[]): string[] {
    const script = [
      `const cli = require(${JSON.stringify(join(ROOT, 'dist', 'cli.js'))});`,
      `cli.main(['node', 'iam-guardian', ...process.argv.slice(1)]).then((code) => {`,
      `  require('node:fs').writeSync(2, 'LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n');`,
      `  process.exitCode = code;`,
      `});`,
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', script, ...args], { cwd: dir, encoding: 'utf8' });
    expect([args.join(' '), r.status]).toEqual([args.join(' '), 0]);
    const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
    return (JSON.parse(line?.slice('LOADED '.length) ?? '[]') as string[]).map((f) => relative(ROOT, f));
  }

  const sdk = (m: string[]) => m.filter((f) => f.includes('node_modules/@aws-sdk/') || f.includes('node_modules/@smithy/'));
  const configLibs = (m: string[]) => m.filter((f) => /node_modules\/(yaml|ajv|ajv-formats|jsonc-parser)\//.test(f));
  const commands = (m: string[]) => m.filter((f) => f.startsWith('dist/command-'));

  it('--help: no command module, no AWS SDK, no yaml/ajv', () => {
    const m = modules('--help');
    expect(commands(m)).toEqual([]);
    expect(sdk(m)).toEqual([]);
    expect(configLibs(m)).toEqual([]);
  });

  it('score (offline, no configuration file): its own module only, no AWS SDK, no yaml/ajv', () => {
    const m = modules('score', join(ROOT, 'events', 'root-console-login-no-mfa.json'));
    expect(commands(m)).toEqual(['dist/command-score.js']);
    expect(sdk(m)).toEqual([]);
    expect(configLibs(m)).toEqual([]);
  });

  it('check-policy: its own module only, no AWS SDK', () => {
    const m = modules('check-policy', join(dir, 'policy.json'));
    expect(commands(m)).toEqual(['dist/command-check-policy.js']);
    expect(sdk(m)).toEqual([]);
  });

  it('replay of a folder: no AWS SDK (the CloudTrail and Account clients only for --event-history)', () => {
    const m = modules('replay', join(ROOT, 'events'), '--workers', '0');
    expect(commands(m)).toEqual(['dist/command-replay.js']);
    expect(sdk(m)).toEqual([]);
  });

  it('help doctor: its own module, no AWS SDK (loaded when doctor runs)', () => {
    const m = modules('help', 'doctor');
    expect(commands(m)).toEqual(['dist/command-doctor.js']);
    expect(sdk(m)).toEqual([]);
  });

  it('sweep --snapshot: no AWS SDK', () => {
    const m = modules('sweep', '--snapshot', join(ROOT, 'samples', 'snapshots', 'messy'));
    expect(commands(m)).toEqual(['dist/command-sweep.js']);
    expect(sdk(m)).toEqual([]);
  });

  it('rightsize --snapshot --archive (a local folder): its own module only, no AWS SDK', () => {
    const m = modules('rightsize', '--all', '--snapshot', join(ROOT, 'samples', 'snapshots', 'messy'), '--archive', join(ROOT, 'events'), '--since', 'all');
    expect(commands(m)).toEqual(['dist/command-rightsize.js']);
    expect(sdk(m)).toEqual([]);
  });

  it('with a configuration file, yaml and ajv are loaded to read it', () => {
    writeFileSync(join(dir, 'iam-guardian.config.yaml'), 'alertThreshold: high\n');
    try {
      const m = modules('score', join(ROOT, 'events', 'root-console-login-no-mfa.json'));
      expect(configLibs(m).some((f) => f.includes('node_modules/yaml/'))).toBe(true);
      expect(configLibs(m).some((f) => f.includes('node_modules/ajv/'))).toBe(true);
    } finally {
      rmSync(join(dir, 'iam-guardian.config.yaml'));
    }
  });
});
