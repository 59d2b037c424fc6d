/**
 * Suppressing a finding without guesswork (issue 23): "did you mean" for configuration keys, rule ids, bare names and
 * resources seen in the run; an expired suppression is reported as expired and counted open in the same run; `score`
 * shows each finding's resource, why and console steps.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';
import { ConfigError, parseConfigText } from '../../lib/config/load';
import { suppressionHints } from '../../lib/config/suppression-hints';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { closest } from '../../lib/text/suggest';
import { plural } from '../../lib/text/plural';

const ROOT = join(__dirname, '..', '..');
const MESSY = 'samples/snapshots/messy';
const ACCOUNT = '210987654321';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamg-supp-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const io = memoryIo(ROOT);
  const code = await main(['node', 'iam-guardian', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

function problems(yaml: string): string[] {
  try {
    parseConfigText(yaml, 'c.yaml', { now: '2026-11-28T00:00:00Z' });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => p.problem);
    throw e;
  }
  return [];
}

const suppression = (resource: string, expires: string, rule = 'unused-role') => `  - rule: ${rule}\n    resource: ${resource}\n    reason: accepted\n    expires: "${expires}"\n`;

describe('did you mean', () => {
  it('for configuration keys at the top level and nested', () => {
    expect(problems('suppresions: []\n')).toEqual(['unknown key "suppresions" (did you mean "suppressions"?)']);
    expect(problems('thresholds:\n  acessKeyMaxAgeDays: 3\n')).toEqual(['thresholds: unknown key "acessKeyMaxAgeDays" (did you mean "accessKeyMaxAgeDays"?)']);
    expect(problems('colour: blue\n')).toEqual(['unknown key "colour"']);
  });

  it('for rule ids and for a bare name where an ARN is needed', () => {
    const p = problems(`suppressions:\n${suppression('ci-deployer', '2027-01-01', 'acess-key-created')}`);
    expect(p).toContain('suppressions[0].rule "acess-key-created" is not a rule id (did you mean "access-key-created"?)');
    expect(p.find((x) => x.startsWith('suppressions[0].resource'))).toContain('(did you mean "arn:aws:iam::*:user/ci-deployer" or "arn:aws:iam::*:role/ci-deployer"?');
  });

  it('for resources seen in the run: a typo, another account, nothing when far off or matched', () => {
    const config: Config = {
      ...structuredClone(DEFAULT_CONFIG),
      suppressions: [
        { rule: 'unused-role', resource: `arn:aws:iam::${ACCOUNT}:role/legacy-batch-rol`, reason: 'r', expires: '2030-01-01' },
        { rule: 'admin-access', resource: 'arn:aws:iam::111111111111:user/etl-bot', reason: 'r', expires: '2030-01-01' },
        { rule: 'admin-access', resource: `arn:aws:iam::${ACCOUNT}:user/someone-else`, reason: 'r', expires: '2030-01-01' },
        { rule: 'unused-role', resource: `arn:aws:iam::${ACCOUNT}:role/reporting`, reason: 'r', expires: '2030-01-01' },
      ],
    };
    const findings = [
      { ruleId: 'unused-role', resource: `arn:aws:iam::${ACCOUNT}:role/legacy-batch-role` },
      { ruleId: 'unused-role', resource: `arn:aws:iam::${ACCOUNT}:role/reporting` },
      { ruleId: 'admin-access', resource: `arn:aws:iam::${ACCOUNT}:user/etl-bot` },
    ];
    expect(suppressionHints(config, findings, '2026-11-28T00:00:00Z')).toEqual([
      `suppressions[0] (rule unused-role) matched no finding: resource "arn:aws:iam::${ACCOUNT}:role/legacy-batch-rol" was not seen in this run (did you mean "arn:aws:iam::${ACCOUNT}:role/legacy-batch-role"?)`,
      `suppressions[1] (rule admin-access) matched no finding: resource "arn:aws:iam::111111111111:user/etl-bot" was not seen in this run (did you mean "arn:aws:iam::${ACCOUNT}:user/etl-bot"?)`,
    ]);
    expect(closest('x'.repeat(5000), ['x'])).toBeUndefined();
  });

  it('sweep prints the resource hint as a warning', async () => {
    const file = join(dir, 'typo.yaml');
    writeFileSync(file, `suppressions:\n${suppression(`arn:aws:iam::${ACCOUNT}:role/legacy-batch-rol`, '2030-01-01')}`);
    const r = await cli('sweep', '--snapshot', MESSY, '--config', file);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`did you mean "arn:aws:iam::${ACCOUNT}:role/legacy-batch-role"?`);
  });
});

describe('an expired suppression, in one run', () => {
  const role = `arn:aws:iam::${ACCOUNT}:role/legacy-batch-role`;
  async function sweep(expires: string) {
    const file = join(dir, `exp-${expires}.yaml`);
    writeFileSync(file, `suppressions:\n${suppression(role, expires)}`);
    const text = await cli('sweep', '--snapshot', MESSY, '--config', file);
    const json = await cli('sweep', '--snapshot', MESSY, '--config', file, '--json');
    const f = (JSON.parse(json.out) as { findings: { ruleId: string; resource: string; status: string }[] }).findings.find((x) => x.ruleId === 'unused-role' && x.resource === role);
    return { text, status: f?.status };
  }

  it('expired before the snapshot was taken: reported as expired AND counted open (not suppressed)', async () => {
    const { text, status } = await sweep('2026-11-27');
    expect(text.err).toContain('suppressions[0].expires 2026-11-27 has passed: its findings are no longer suppressed');
    expect(['new', 'open']).toContain(status);
    expect(text.out).not.toContain('SUPPRESSED (');
    expect(text.out).toMatch(/^Posture score: [\d.]+\/100, \d+ open findings\n/m);
  });

  it('valid when the snapshot was taken: suppressed, and no expiry warning', async () => {
    const { text, status } = await sweep('2026-11-29');
    expect(text.err).not.toContain('has passed');
    expect(status).toBe('suppressed');
    expect(text.out).toMatch(/^Posture score: [\d.]+\/100, \d+ open findings, 1 suppressed$/m);
  });
});

describe('score text output', () => {
  it('shows each finding’s resource, why and console steps, and how to accept it', async () => {
    const r = await cli('score', 'events/attach-admin-policy-to-user.json');
    expect(r.code).toBe(0);
    const block = r.out.split('\n');
    const at = block.findIndex((l) => l.includes('admin-granted'));
    expect(at).toBeGreaterThan(0);
    expect(block[at + 1]).toMatch(/^ {6}resource: arn:aws:iam::\d{12}:user\/\S+$/);
    expect(r.out).toMatch(/\n {6}why: \S/);
    expect(r.out).toMatch(/\n {6}console 1: \S/);
    expect(r.out).toMatch(/\n {6}cli: aws /);
    expect(r.out).toContain('accept a finding: add {rule, resource, reason, expires} under suppressions');
  });
});

test('plural', () => {
  expect([plural(1, 'identity'), plural(2, 'identity'), plural(0, 'finding'), plural(3, 'key'), plural(2, 'match'), plural(2, 'person', 'people')]).toEqual([
    '1 identity',
    '2 identities',
    '0 findings',
    '3 keys',
    '2 matches',
    '2 people',
  ]);
});
