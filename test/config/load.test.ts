import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, loadConfigDetailed, parseConfigText, resolveConfig, globProblem } from '../../lib/config/load';
import { DEFAULT_ALLOW_LIST, DEFAULT_CONFIG } from '../../lib/config/types';
import { knownRuleIds, DESIGN_EVENT_RULE_IDS, DESIGN_POSTURE_RULE_IDS } from '../../lib/config/rule-ids';
import { ALL_RULES } from '../../lib/rules';

const NOW = '2026-11-29T12:00:00Z';

function dir(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'iamg-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

/** Parses `text` and returns the ConfigError it must raise. */
function problems(text: string, file = 'iam-guardian.config.yaml'): ConfigError {
  try {
    parseConfigText(text, file, { now: NOW });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected a ConfigError for:\n${text}`);
}

const SUPPRESSION = (extra: string) => `suppressions:
  - rule: access-key-created
    resource: arn:aws:iam::111122223333:user/ci
    reason: CI key
    owner: platform
    expires: "2027-01-31"
${extra}`;

describe('loadConfig: which file', () => {
  it('uses the defaults when no file exists', () => {
    const c = loadConfig({ cwd: dir(), now: NOW });
    expect(c).toEqual(DEFAULT_CONFIG);
    expect(c).not.toBe(DEFAULT_CONFIG);
  });

  it('finds iam-guardian.config.yaml, then .yml, then .json at cwd', () => {
    expect(loadConfig({ cwd: dir({ 'iam-guardian.config.yml': 'alertThreshold: high\n' }) }).alertThreshold).toBe('high');
    expect(loadConfig({ cwd: dir({ 'iam-guardian.config.json': '{"alertThreshold": "low"}' }) }).alertThreshold).toBe('low');
    const both = dir({ 'iam-guardian.config.yaml': 'alertThreshold: critical\n', 'iam-guardian.config.json': '{"alertThreshold": "low"}' });
    expect(loadConfig({ cwd: both }).alertThreshold).toBe('critical');
  });

  it('an explicit --config file wins over the root file and is resolved against cwd', () => {
    const d = dir({ 'iam-guardian.config.yaml': 'alertThreshold: critical\n' });
    mkdirSync(join(d, 'conf'));
    writeFileSync(join(d, 'conf', 'mine.json'), '{"alertThreshold": "info"}');
    const r = loadConfigDetailed({ cwd: d, file: 'conf/mine.json' });
    expect(r.config.alertThreshold).toBe('info');
    expect(r.file).toBe(join(d, 'conf', 'mine.json'));
  });

  it('a missing explicit file is a ConfigError naming it', () => {
    expect(() => loadConfig({ cwd: dir(), file: 'nope.yaml' })).toThrow('nope.yaml: cannot read configuration: file not found');
  });

  it('an empty file means the defaults', () => {
    expect(loadConfig({ cwd: dir({ 'iam-guardian.config.yaml': '# nothing yet\n' }) })).toEqual(DEFAULT_CONFIG);
  });
});

describe('merge onto the defaults', () => {
  it('objects merge key by key, lists replace, unspecified keys keep defaults', () => {
    const c = resolveConfig(
      parseConfigText('thresholds:\n  accessKeyMaxAgeDays: 30\nschedules:\n  report: rate(7 days)\nforwardRegions: [eu-west-1]\n', 'x.yaml', { now: NOW }),
    );
    expect(c.thresholds).toEqual({ ...DEFAULT_CONFIG.thresholds, accessKeyMaxAgeDays: 30 });
    expect(c.schedules).toEqual({ sweep: DEFAULT_CONFIG.schedules.sweep, report: 'rate(7 days)' });
    expect(c.forwardRegions).toEqual(['eu-west-1']);
    expect(c.securityHub).toEqual({ enabled: false });
  });

  it('allowList extends the shipped list; replaceDefaultAllowList replaces it', () => {
    const extended = resolveConfig(parseConfigText('allowList: ["arn:aws:iam::*:role/bootstrap"]\n', 'x.yaml'));
    expect(extended.allowList).toEqual([...DEFAULT_ALLOW_LIST, 'arn:aws:iam::*:role/bootstrap']);
    const replaced = resolveConfig(parseConfigText('allowList: ["arn:aws:iam::*:role/bootstrap"]\nreplaceDefaultAllowList: true\n', 'x.yaml'));
    expect(replaced.allowList).toEqual(['arn:aws:iam::*:role/bootstrap']);
    const none = resolveConfig(parseConfigText('replaceDefaultAllowList: true\n', 'x.yaml'));
    expect(none.allowList).toEqual([]);
  });

  it('the shipped allow-list covers service-linked, Identity Center and Control Tower roles', () => {
    const { globMatch } = jest.requireActual<typeof import('../../lib/config/apply')>('../../lib/config/apply');
    const covered = (arn: string) => DEFAULT_ALLOW_LIST.some((p) => globMatch(p, arn));
    expect(covered('arn:aws:iam::111122223333:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport')).toBe(true);
    expect(covered('arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123abcd')).toBe(true);
    expect(covered('arn:aws:iam::111122223333:role/AWSControlTowerExecution')).toBe(true);
    expect(covered('arn:aws:iam::111122223333:role/aws-controltower-AdministratorExecutionRole')).toBe(true);
    expect(covered('arn:aws:iam::111122223333:role/AWSAFTExecution')).toBe(true);
    expect(covered('arn:aws:iam::111122223333:role/Admin')).toBe(false);
    expect(covered('arn:aws:iam::111122223333:user/aws-service-role')).toBe(false);
  });

  it('a full sample with every key is accepted (the shipped example file, its commented examples switched on)', () => {
    const text = readFileSync(join(__dirname, '../..', 'iam-guardian.config.example.yaml'), 'utf8');
    const commented = new Set([...text.matchAll(/^# ([A-Za-z$][\w$]*):/gm)].map((m) => m[1]));
    const full = text
      .split('\n')
      // The default line of a key that also has a commented example gives way to the example.
      .filter((l) => !(/^([A-Za-z$][\w$]*): (\[\]|\{\})/.test(l) && commented.has(l.split(':')[0])))
      .map((l) => (/^# ([A-Za-z$][\w$]*:| {2})/.test(l) ? l.slice(2) : l))
      .join('\n')
      .replace(/date: "YYYY-MM-DD"/, 'date: "2026-11-01"')
      .replace(/YYYY-MM-DD/g, '2027-01-15');
    const r = parseConfigText(full, 'example.yaml', { now: NOW });
    expect(r.suppressions).toHaveLength(2);
    expect(r.forwardRegions).toEqual(['eu-west-1']);
    expect(r.trustedAccounts).toEqual(['111122223333']);
    expect(r.allowList).toContain('arn:aws:iam::*:role/terraform-org-bootstrap');
    expect(r.disabledRules).toEqual(['root-hardware-mfa-missing']);
    expect(r.attestations?.billingAccess?.attested).toBe(true);
    expect(r.email).toBe('you@example.com');
  });
});

describe('validation: each problem names the line', () => {
  it('suppression expiry in the past', () => {
    const e = problems(SUPPRESSION(`  - rule: "root-*"\n    resource: "*"\n    reason: test\n    expires: 2025-01-01\n`));
    expect(e.message).toBe(
      'iam-guardian.config.yaml:10: suppressions[1].expires 2025-01-01 is in the past (renew it with a new date or remove the suppression)',
    );
    expect(e.file).toBe('iam-guardian.config.yaml');
    expect(e.line).toBe(10);
    expect(e.problem).toMatch(/^suppressions\[1\]\.expires 2025-01-01 is in the past/);
  });

  it('an expiry earlier today (full timestamp) is past; a date of today is valid until the end of the day', () => {
    expect(problems(SUPPRESSION('').replace('"2027-01-31"', '"2026-11-29T11:59:00Z"')).line).toBe(6);
    expect(() => parseConfigText(SUPPRESSION('').replace('"2027-01-31"', '"2026-11-29"'), 'x.yaml', { now: NOW })).not.toThrow();
  });

  it('allowExpired accepts a past expiry (runtime: the suppression just stops applying)', () => {
    const text = SUPPRESSION('').replace('"2027-01-31"', '2024-06-30');
    expect(parseConfigText(text, 'x.yaml', { now: NOW, allowExpired: true }).suppressions?.[0].expires).toBe('2024-06-30');
  });

  it('missing reason and missing expires', () => {
    const e = problems(`# header\nsuppressions:\n  - rule: access-key-created\n    resource: "*"\n    expires: "2027-01-01"\n  - rule: access-key-created\n    resource: "*"\n    reason: ok\n`);
    expect(e.problems).toEqual([
      { line: 3, problem: expect.stringMatching(/^suppressions\[0\] is missing required "reason"/) },
      { line: 6, problem: expect.stringMatching(/^suppressions\[1\] is missing required "expires"/) },
    ]);
  });

  it('empty reason and a date that is not a date', () => {
    const e = problems(`suppressions:\n  - rule: access-key-created\n    resource: "*"\n    reason: ""\n    expires: next tuesday\n`);
    expect(e.problems).toEqual([
      { line: 4, problem: 'suppressions[0].reason is empty' },
      { line: 5, problem: 'suppressions[0].expires "next tuesday" is not a date (use YYYY-MM-DD or an ISO 8601 timestamp)' },
    ]);
  });

  it('unknown rule ids suggest the nearest id; globs that match nothing are rejected', () => {
    const e = problems(`disabledRules:\n  - root-sign-inn\n  - "nothing-*"\nseverityOverrides:\n  admin-acess: low\n`);
    expect(e.problems).toEqual([
      { line: 2, problem: 'disabledRules[0] "root-sign-inn" is not a rule id (did you mean "root-sign-in"?)' },
      { line: 3, problem: 'disabledRules[1] "nothing-*" matches no rule id' },
      { line: 5, problem: 'severityOverrides: "admin-acess" is not a rule id (did you mean "admin-access"?)' },
    ]);
  });

  it('bad globs in a suppression rule, resource and allow-list', () => {
    const e = problems(
      `suppressions:\n  - rule: "root-[a]"\n    resource: "arn:aws:iam::*:user/{a,b}"\n    reason: r\n    expires: "2027-01-01"\n  - rule: "*"\n    resource: "ci-user"\n    reason: r\n    expires: "2027-01-01"\nallowList:\n  - "arn:aws:iam::**:role/x"\n  - "role/x"\n`,
    );
    expect(e.problems.map((p) => [p.line, p.problem])).toEqual([
      [2, 'suppressions[0].rule "root-[a]" is not a valid glob: "[" is not allowed (only * and ? are wildcards)'],
      [3, 'suppressions[0].resource "arn:aws:iam::*:user/{a,b}" is not a valid glob: "{" is not allowed (only * and ? are wildcards)'],
      [7, 'suppressions[1].resource "ci-user" must be an ARN (arn:aws:iam::…) or a 12-digit account id; * and ? globs allowed (did you mean "arn:aws:iam::*:user/ci-user" or "arn:aws:iam::*:role/ci-user"? the resource of a finding is printed by `iam-guardian sweep` and `score`)'],
      [11, 'allowList[0] "arn:aws:iam::**:role/x" is not a valid glob: use a single * (it already matches across / and :)'],
      [12, 'allowList[1] "role/x" must be an ARN glob (arn:aws:iam::*:role/…)'],
    ]);
    expect(globProblem('arn:aws:iam::*:role/a?c')).toBeUndefined();
    expect(globProblem('  ')).toBe('is empty');
  });

  it('bad severity (alertThreshold and overrides)', () => {
    const e = problems(`alertThreshold: urgent\nseverityOverrides:\n  root-sign-in: severe\n`);
    expect(e.problems).toEqual([
      { line: 1, problem: 'alertThreshold "urgent" is not one of info, low, medium, high, critical' },
      { line: 3, problem: 'severityOverrides["root-sign-in"] "severe" is not one of info, low, medium, high, critical' },
    ]);
  });

  it('bad cron and rate schedules', () => {
    const e = problems(`schedules:\n  sweep: "0 3 * * *"\n  report: rate(1 days)\n`);
    expect(e.problems.map((p) => p.line)).toEqual([2, 3]);
    expect(e.problems[0].problem).toMatch(/^schedules\.sweep "0 3 \* \* \*" is not an EventBridge schedule expression/);
    expect(e.problems[1].problem).toBe('schedules.report "rate(1 days)": use the singular unit for 1 (e.g. rate(1 day))');
  });

  it('bad account ids, including unquoted YAML numbers', () => {
    const e = problems(`trustedAccounts:\n  - 123456789012\n  - "12345"\n  - "12345678901a"\n`);
    expect(e.problems).toEqual([
      { line: 2, problem: expect.stringContaining('trustedAccounts[0] must be a string, got 123456789012 (quote it') },
      { line: 3, problem: 'trustedAccounts[1] "12345" is not a 12-digit account id' },
      { line: 4, problem: 'trustedAccounts[2] "12345678901a" is not a 12-digit account id' },
    ]);
  });

  it('bad e-mail', () => {
    expect(problems(`\n\nemail: "alerts at example.com"\n`).message).toBe(
      'iam-guardian.config.yaml:3: email "alerts at example.com" is not an e-mail address',
    );
  });

  it('unknown keys (typos) name the key line, at any depth', () => {
    const e = problems(`alertTreshold: high\nthresholds:\n  accessKeyMaxAge: 30\n`);
    expect(e.problems).toEqual([
      { line: 1, problem: 'unknown key "alertTreshold" (did you mean "alertThreshold"?)' },
      { line: 3, problem: 'thresholds: unknown key "accessKeyMaxAge" (did you mean "accessKeyMaxAgeDays"?)' },
    ]);
  });

  it('regions: not a region name, and us-east-1 (the home region) is not a forward region', () => {
    const e = problems(`forwardRegions:\n  - eu-west-1\n  - Europe\n  - us-east-1\n`);
    expect(e.problems).toEqual([
      { line: 3, problem: 'forwardRegions[1] "Europe" is not an AWS region name (e.g. eu-west-1)' },
      { line: 4, problem: 'forwardRegions[2] "us-east-1" is the home region of the stack; list only the other regions' },
    ]);
  });

  it('numbers out of range and wrong types', () => {
    const e = problems(`thresholds:\n  accessKeyMaxAgeDays: 0\nreportRetentionDays: "a year"\nsecurityHub:\n  enabled: yes please\n`);
    expect(e.problems).toEqual([
      { line: 2, problem: 'thresholds.accessKeyMaxAgeDays 0 must be ≥ 1' },
      { line: 3, problem: 'reportRetentionDays must be an integer, got "a year"' },
      { line: 5, problem: 'securityHub.enabled must be a boolean, got "yes please"' },
    ]);
  });

  it('YAML syntax errors name the line', () => {
    const e = problems(`alertThreshold: high\nsuppressions:\n  - rule: x\n   resource: [\n`);
    expect(e.line).toBeGreaterThanOrEqual(3);
    expect(e.problem).toMatch(/^not valid YAML: /);
  });

  it('duplicate keys are an error', () => {
    const e = problems(`alertThreshold: high\nalertThreshold: low\n`);
    expect(e.line).toBe(2);
    expect(e.problem).toMatch(/not valid YAML: .*[Uu]nique/);
  });

  it('JSON files: syntax errors name the line; schema errors name the line of the value', () => {
    const bad = problems('{\n  "alertThreshold": "high",\n  "email": \n}\n', 'iam-guardian.config.json');
    expect(bad.line).toBe(4);
    expect(bad.problem).toBe('not valid JSON: value expected');
    const e = problems('{\n  "alertThreshold": "high",\n  "trustedAccounts": ["1"]\n}\n', 'iam-guardian.config.json');
    expect(e.message).toBe('iam-guardian.config.json:3: trustedAccounts[0] "1" is not a 12-digit account id');
  });

  it('a top level that is not a mapping', () => {
    expect(problems('- a\n- b\n').message).toBe(
      'iam-guardian.config.yaml:1: the configuration must be a mapping of keys (alertThreshold, suppressions, …)',
    );
  });

  it('attestation date in the future and malformed', () => {
    const e = problems(`attestations:\n  billingAccess:\n    attested: true\n    date: "2027-05-01"\n`);
    expect(e.problems).toEqual([{ line: 4, problem: 'attestations.billingAccess.date 2027-05-01 is in the future' }]);
    expect(problems(`attestations:\n  billingAccess:\n    date: "2026-01-01"\n`).problems[0].problem).toBe(
      'attestations.billingAccess is missing required "attested"',
    );
  });

  it('reports every problem in one run, in line order', () => {
    const e = problems(`email: nope\nalertThreshold: x\nsuppressions:\n  - rule: "zzz"\n    resource: "*"\n    reason: r\n    expires: "2020-01-01"\n`);
    expect(e.problems.map((p) => p.line)).toEqual([1, 2, 4, 7]);
    expect(e.message.split('\n')).toHaveLength(4);
  });
});

describe('rule ids', () => {
  it("knows design.md's 48 first-wave, 10 second-wave event and 1 second-wave posture rule ids and every registered rule", () => {
    expect(DESIGN_EVENT_RULE_IDS).toHaveLength(32);
    expect(DESIGN_POSTURE_RULE_IDS).toHaveLength(27);
    const known = knownRuleIds();
    for (const id of [...DESIGN_EVENT_RULE_IDS, ...DESIGN_POSTURE_RULE_IDS]) expect(known).toContain(id);
    for (const r of ALL_RULES) expect(known).toContain(r.id);
  });

  it('every registered rule id is one of design.md ids (no drift between the static list and the rules)', () => {
    const design = new Set<string>([...DESIGN_EVENT_RULE_IDS, ...DESIGN_POSTURE_RULE_IDS]);
    expect(ALL_RULES.map((r) => r.id).filter((id) => !design.has(id))).toEqual([]);
  });
});
