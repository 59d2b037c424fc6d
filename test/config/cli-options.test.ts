import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { memoryIo } from '../../lib/cli/io';
import { addConfigOption, addFormatOption, renderFindings, resolveConfig, writeFindingsFormatted } from '../../lib/cli/options';
import { applyConfig } from '../../lib/config/apply';
import { postureFinding } from '../export/fixtures';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'iamg-cli-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(d, n), t);
  return d;
}

describe('resolveConfig (CLI)', () => {
  it('prints every problem with file:line, sets exit 1 and returns undefined', () => {
    const io = memoryIo(dir({ 'iam-guardian.config.yaml': 'alertThreshold: loud\nemail: x\n' }));
    expect(resolveConfig({}, io, { command: 'sweep' })).toBeUndefined();
    expect(io.exitCode()).toBe(1);
    expect(io.stderr).toBe(
      'iam-guardian sweep: iam-guardian.config.yaml:1: alertThreshold "loud" is not one of info, low, medium, high, critical\n' +
        'iam-guardian sweep: iam-guardian.config.yaml:2: email "x" is not an e-mail address\n',
    );
  });

  it('reads --config relative to the working directory; no file → defaults, exit 0', () => {
    const d = dir({ 'other.json': '{"alertThreshold": "critical"}' });
    const io = memoryIo(d);
    expect(resolveConfig({ config: 'other.json' }, io)?.alertThreshold).toBe('critical');
    expect(resolveConfig({}, io)?.alertThreshold).toBe('medium');
    expect(io.exitCode()).toBe(0);
  });

  it('an expired suppression is an error; with allowExpired a warning naming its line', () => {
    const d = dir({ 'iam-guardian.config.yaml': 'suppressions:\n  - rule: "*"\n    resource: "*"\n    reason: r\n    expires: "2020-01-01"\n' });
    const io = memoryIo(d);
    expect(resolveConfig({}, io)).toBeUndefined();
    expect(io.stderr).toContain('iam-guardian.config.yaml:5: suppressions[0].expires 2020-01-01 is in the past');
    const io2 = memoryIo(d);
    expect(resolveConfig({}, io2, { allowExpired: true, command: 'sweep' })?.suppressions).toHaveLength(1);
    expect(io2.exitCode()).toBe(0);
    expect(io2.stderr).toBe(
      'iam-guardian sweep: warning: iam-guardian.config.yaml:5: suppressions[0].expires 2020-01-01 has passed: its findings are no longer suppressed (renew or remove it)\n',
    );
  });
});

describe('options on a command', () => {
  it('--config and --format are parsed; an unknown format is refused by commander', async () => {
    const seen: Record<string, unknown>[] = [];
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    const cmd = program.command('x').action((o: Record<string, unknown>) => {
      seen.push(o);
    });
    addConfigOption(cmd);
    addFormatOption(cmd, ['json', 'ocsf', 'asff', 'csv'], 'json');
    await program.parseAsync(['node', 'cli', 'x', '--config', 'c.yaml', '--format', 'ocsf']);
    await program.parseAsync(['node', 'cli', 'x']);
    expect(seen).toEqual([{ config: 'c.yaml', format: 'ocsf' }, { format: 'json' }]);
    await expect(program.parseAsync(['node', 'cli', 'x', '--format', 'xml'])).rejects.toThrow(/Allowed choices are json, ocsf, asff, csv/);
  });
});

describe('config → formatted output: a suppressed finding stays, marked, in every format', () => {
  const d = dir({
    'iam-guardian.config.yaml':
      'suppressions:\n  - rule: access-key-*\n    resource: "arn:aws:iam::*:user/alice"\n    reason: Key rotation scheduled (SEC-7)\n    owner: alice\n    expires: "2099-01-01"\n',
  });
  const io = memoryIo(d);
  const config = resolveConfig({}, io);
  const findings = applyConfig([postureFinding(), postureFinding({ resource: 'arn:aws:iam::111122223333:user/bob', uid: 'b' })], config!, '2026-11-29T00:00:00Z');

  it('ocsf', () => {
    const out = JSON.parse(renderFindings('ocsf', findings)) as { status_id: number; status_detail?: string }[];
    expect(out.map((o) => o.status_id)).toEqual([3, 99]);
    expect(out[0].status_detail).toBe('Suppressed: Key rotation scheduled (SEC-7) (owner alice), until 2099-01-01');
  });

  it('asff', () => {
    const out = JSON.parse(renderFindings('asff', findings, { region: 'eu-west-1' })) as { Workflow: { Status: string }; ProductArn: string }[];
    expect(out.map((o) => o.Workflow.Status)).toEqual(['SUPPRESSED', 'NEW']);
    expect(out[0].ProductArn).toBe('arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default');
  });

  it('csv', () => {
    const rows = parse(renderFindings('csv', findings), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.status, r.suppressionReason])).toEqual([
      ['suppressed', 'Key rotation scheduled (SEC-7)'],
      ['open', ''],
    ]);
  });

  it('json / text defaults and command renderers; html needs a renderer', () => {
    const json = JSON.parse(renderFindings('json', findings)) as { status: string }[];
    expect(json.map((f) => f.status)).toEqual(['suppressed', 'open']);
    expect(renderFindings('text', findings)).toContain('(suppressed: Key rotation scheduled (SEC-7))');
    expect(renderFindings('json', findings, { json: () => 'custom\n' })).toBe('custom\n');
    expect(() => renderFindings('html', findings)).toThrow('the html format is not available for this command');
    const out = memoryIo();
    writeFindingsFormatted('csv', findings, out);
    expect(out.stdout.startsWith('uid,ruleId,')).toBe(true);
  });
});
