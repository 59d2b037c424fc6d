/**
 * Per-account configuration (Organizations mode, config `accounts`): validation of the file (line, did-you-mean,
 * account ids and OU ids), the pure merge (lib/config/accounts.ts), the Lambda's structural check, and the engine
 * applying an account's overrides only to that account's events.
 */
import { ConfigError, parseConfigText, resolveConfig } from '../../lib/config/load';
import { configForAccount, matchingAccountOverrides, needsOus } from '../../lib/config/accounts';
import { configFromEnv, encodeConfigEnv } from '../../lib/config/env';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { scoreEventOffline } from '../../lib/engine/score-event';

const NOW = '2026-11-02T00:00:00Z';
const PROD = '444455556666';
const SANDBOX = '777788889999';

function problems(text: string): string[] {
  try {
    parseConfigText(text, 'iam-guardian.config.yaml', { now: NOW });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message.split('\n');
  }
  throw new Error(`expected a ConfigError for:\n${text}`);
}

const FILE = `alertThreshold: medium
disabledRules: [unused-role]
accounts:
  - match: { accountIds: ['${SANDBOX}'] }
    alertThreshold: critical
    disabledRules: [user-sign-in-without-mfa]
    thresholds: { accessKeyMaxAgeDays: 365 }
  - match: { ous: [ou-ab12-11111111] }
    severityOverrides: { access-key-created: high }
    trustedAccounts: ['999988887777']
    suppressions:
      - { rule: root-*, resource: '${PROD}', reason: break-glass drill, expires: '2099-01-01' }
`;

describe('config file: accounts', () => {
  it('a valid file resolves with its entries kept in order', () => {
    const c = resolveConfig(parseConfigText(FILE, 'iam-guardian.config.yaml', { now: NOW }));
    expect(c.accounts?.map((a) => a.match)).toEqual([{ accountIds: [SANDBOX] }, { ous: ['ou-ab12-11111111'] }]);
    expect(needsOus(c)).toBe(true);
    expect(needsOus({ ...c, accounts: c.accounts!.slice(0, 1) })).toBe(false);
    expect(needsOus(DEFAULT_CONFIG)).toBe(false);
  });

  it('each problem names its line: unknown key (did you mean), rule ids, account and OU ids, empty match, suppressions', () => {
    const text = `accounts:
  - match: { accountIds: ['44445555666'] }
    alertTreshold: high
  - match: { ous: [ou-root] }
    disabledRules: [acces-key-created]
    severityOverrides: { root-sigin: low }
  - match: {}
  - alertThreshold: low
  - match: { accountIds: ['${PROD}'] }
    suppressions:
      - { rule: root-activty, resource: 'prod', reason: x, expires: '2020-01-01' }
`;
    expect(problems(text)).toEqual([
      'iam-guardian.config.yaml:2: accounts[0].match.accountIds[0] "44445555666" does not match ^\\d{12}$',
      'iam-guardian.config.yaml:3: accounts[0]: unknown key "alertTreshold" (did you mean "alertThreshold"?)',
      'iam-guardian.config.yaml:4: accounts[1].match.ous[0] "ou-root" does not match ^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$',
      'iam-guardian.config.yaml:5: accounts[1].disabledRules[0] "acces-key-created" is not a rule id (did you mean "access-key-created"?)',
      'iam-guardian.config.yaml:6: accounts[1].severityOverrides: "root-sigin" is not a rule id (did you mean "root-sign-in"?)',
      'iam-guardian.config.yaml:7: accounts[2].match is empty: give accountIds: ["123456789012"] or ous: ["ou-…"]',
      'iam-guardian.config.yaml:8: accounts[3] is missing required "match"',
      'iam-guardian.config.yaml:11: accounts[4].suppressions[0].rule "root-activty" is not a rule id (did you mean "root-activity"?)',
      'iam-guardian.config.yaml:11: accounts[4].suppressions[0].resource "prod" must be an ARN (arn:aws:iam::…) or a 12-digit account id; * and ? globs allowed (did you mean "arn:aws:iam::*:user/prod" or "arn:aws:iam::*:role/prod"? the resource of a finding is printed by `iam-guardian sweep` and `score`)',
      'iam-guardian.config.yaml:11: accounts[4].suppressions[0].expires 2020-01-01 is in the past (renew it with a new date or remove the suppression)',
    ]);
  });

  it('match with empty lists names no account', () => {
    expect(problems(`accounts:\n  - match: { accountIds: [], ous: [] }\n`)).toEqual(
      expect.arrayContaining(['iam-guardian.config.yaml:2: accounts[0].match names no account: give accountIds: ["123456789012"] or ous: ["ou-…"]']),
    );
  });

  it('travels to the Lambda in IAM_GUARDIAN_CONFIG and back unchanged; a hand-edited entry is refused by the structural check', () => {
    const user = parseConfigText(FILE, 'iam-guardian.config.yaml', { now: NOW });
    expect(configFromEnv({ IAM_GUARDIAN_CONFIG: encodeConfigEnv(user) })).toEqual(resolveConfig(user));
    expect(() => configFromEnv({ IAM_GUARDIAN_CONFIG: JSON.stringify({ accounts: [{ match: { accountIds: [PROD] }, colour: 'red' }] }) })).toThrow(
      /accounts\[0\]: unknown key "colour"/,
    );
    expect(() => configFromEnv({ IAM_GUARDIAN_CONFIG: JSON.stringify({ accounts: [{ alertThreshold: 'high' }] }) })).toThrow(/accounts\[0\] is missing required "match"/);
  });
});

describe('configForAccount (pure merge)', () => {
  const base: Config = resolveConfig(parseConfigText(FILE, 'iam-guardian.config.yaml', { now: NOW }));

  it('an account no entry matches gets the top-level configuration itself', () => {
    expect(configForAccount(base, '123456789012', [])).toBe(base);
    expect(configForAccount(DEFAULT_CONFIG, PROD)).toBe(DEFAULT_CONFIG);
  });

  it('by account id: threshold replaced, disabled rules added, named thresholds replaced, the rest untouched', () => {
    const c = configForAccount(base, SANDBOX);
    expect(c.alertThreshold).toBe('critical');
    expect(c.disabledRules).toEqual(['unused-role', 'user-sign-in-without-mfa']);
    expect(c.thresholds).toEqual({ ...DEFAULT_CONFIG.thresholds, accessKeyMaxAgeDays: 365 });
    expect(c.suppressions).toEqual([]);
    // The base is never changed.
    expect(base.alertThreshold).toBe('medium');
    expect(base.disabledRules).toEqual(['unused-role']);
  });

  it('by OU (any OU above the account): overrides merged, suppressions and trusted accounts added; unknown OUs apply nothing', () => {
    const c = configForAccount(base, PROD, ['ou-ab12-22222222', 'ou-ab12-11111111']);
    expect(c.severityOverrides).toEqual({ 'access-key-created': 'high' });
    expect(c.trustedAccounts).toEqual(['999988887777']);
    expect(c.suppressions.map((s) => s.rule)).toEqual(['root-*']);
    expect(configForAccount(base, PROD)).toBe(base);
    expect(matchingAccountOverrides(base, PROD, undefined)).toEqual([]);
  });

  it('both entries, in file order; the merged config is memoised (one rule index per account group)', () => {
    const both = configForAccount(base, SANDBOX, ['ou-ab12-11111111']);
    expect(both.alertThreshold).toBe('critical');
    expect(both.severityOverrides).toEqual({ 'access-key-created': 'high' });
    expect(configForAccount(base, SANDBOX, ['ou-ab12-11111111'])).toBe(both);
  });

  it('a later entry wins for the same key', () => {
    const c = configForAccount({ ...DEFAULT_CONFIG, accounts: [{ match: { accountIds: [PROD] }, alertThreshold: 'low' }, { match: { accountIds: [PROD] }, alertThreshold: 'high' }] }, PROD);
    expect(c.alertThreshold).toBe('high');
  });
});

describe('the engine with an account configuration', () => {
  const base: Config = resolveConfig(parseConfigText(FILE, 'iam-guardian.config.yaml', { now: NOW }));
  /** A console sign-in without MFA by an IAM user of `account`. */
  const signIn = (account: string) => ({
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${account}:user/dev`, accountId: account, userName: 'dev' },
    eventTime: '2026-11-01T10:00:00Z',
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.9',
    userAgent: 'Mozilla/5.0',
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/', MobileVersion: 'No', MFAUsed: 'No' },
    eventID: `e-${account}`,
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  });

  it('the sandbox account disabled user-sign-in-without-mfa; the same sign-in in production is still found', () => {
    const prod = scoreEventOffline(signIn(PROD), { config: configForAccount(base, PROD), now: NOW });
    const sandbox = scoreEventOffline(signIn(SANDBOX), { config: configForAccount(base, SANDBOX), now: NOW });
    expect(prod.findings.map((f) => f.ruleId)).toContain('user-sign-in-without-mfa');
    expect(sandbox.findings.map((f) => f.ruleId)).not.toContain('user-sign-in-without-mfa');
  });
});
