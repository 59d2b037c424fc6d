/**
 * The bundled sample snapshots (samples/snapshots/) through the real loader and every posture rule: the EXACT set of
 * (ruleId, resource) findings, written from the problems planted in each sample (not copied from output).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSnapshot } from '../../lib/account/snapshot';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { evaluateAccount } from '../../lib/posture/evaluate';
import { POSTURE_RULES } from '../../lib/rules/posture';
import { severityRank } from '../../lib/findings/types';

const SAMPLES = join(__dirname, '..', '..', 'samples', 'snapshots');

const M = '210987654321';
const u = (n: string) => `arn:aws:iam::${M}:user/${n}`;
const r = (n: string) => `arn:aws:iam::${M}:role/${n}`;

/** What was planted in samples/snapshots/messy (URL-encoded documents, as SDK v3 returns them). */
const MESSY_PLANTED: [string, string][] = [
  // root: MFA off, an access key used 5 days ago, console sign-in 2 days ago
  ['root-mfa-disabled', `arn:aws:iam::${M}:root`],
  ['root-access-key-present', `arn:aws:iam::${M}:root`],
  ['root-used-recently', `arn:aws:iam::${M}:root`],
  // admin-bob: AdministratorAccess attached directly, no group, console without MFA, 200-day-old key
  ['admin-access', u('admin-bob')],
  ['user-direct-policy', u('admin-bob')],
  ['user-not-in-group', u('admin-bob')],
  ['user-console-no-mfa', u('admin-bob')],
  ['access-key-not-rotated', u('admin-bob')],
  // ann-datascience: two active keys (both recent and used)
  ['user-two-active-keys', u('ann-datascience')],
  // etl-bot: in Automation (customer policy AutomationFullAdmin = * on *), key 300 days old, last used 120 days ago
  ['admin-access', u('etl-bot')],
  ['access-key-not-rotated', u('etl-bot')],
  ['credentials-unused', u('etl-bot')],
  // intern-carl: created 100 days ago with a password (never used, no MFA) and a key (never used)
  ['user-console-no-mfa', u('intern-carl')],
  ['credentials-unused', u('intern-carl')],
  ['access-key-at-setup', u('intern-carl')],
  ['access-key-not-rotated', u('intern-carl')],
  // ci-deployer: inline policy, no group, iam:CreateAccessKey on every user: a key for admin-bob makes it admin
  ['user-direct-policy', u('ci-deployer')],
  ['user-not-in-group', u('ci-deployer')],
  ['admin-access', u('ci-deployer')],
  // ann-datascience → release-hop-1 → release-hop-2 → release-admin (AdministratorAccess): each trust names the previous
  ['admin-access', u('ann-datascience')],
  ['admin-access', r('release-hop-1')],
  ['admin-access', r('release-hop-2')],
  ['admin-access', r('release-admin')],
  // ops-automation-admin: AdministratorAccess, trusts lambda.amazonaws.com only
  ['admin-access', r('ops-automation-admin')],
  // policies
  ['policy-admin-statement', `arn:aws:iam::${M}:policy/AutomationFullAdmin`],
  // …and on its own it makes its holder (etl-bot, through the Automation group) admin: one fix for that principal
  ['admin-access', `arn:aws:iam::${M}:policy/AutomationFullAdmin`],
  ['policy-service-wildcard', `arn:aws:iam::${M}:policy/DataScienceAccess`],
  ['cloudshell-full-access', `arn:aws:iam::${M}:group/DataScience`],
  // roles
  ['role-trust-public', r('public-assets-role')],
  ['role-trust-public', r('github-actions-deploy')],
  ['role-trust-external-no-condition', r('PartnerAuditRole')],
  ['role-trust-confused-deputy', r('config-recorder')],
  ['unused-role', r('legacy-batch-role')],
  // account level
  ['password-policy-weak', M],
  ['cloudtrail-not-logging', M],
  ['support-role-missing', M],
  ['access-analyzer-disabled', M],
  ['billing-access-unverified', M],
  ['server-certificate-expired', `arn:aws:iam::${M}:server-certificate/www-messy-example-2025`],
  // unused grants (last-accessed.json, built by scripts/generate-last-accessed.ts from each principal's usage story):
  // ops-automation-admin (AdministratorAccess) uses 4 of 456 services, release-admin 7, admin-bob 5 (RDS last in August)
  ['unused-permissions', r('ops-automation-admin')],
  ['unused-permissions', r('release-admin')],
  ['unused-permissions', u('admin-bob')],
  // etl-bot's key was last used 120 days ago, intern-carl (100 days old) never used anything
  ['unused-permissions', u('etl-bot')],
  ['unused-permissions', u('intern-carl')],
  // ann-datascience never used the Lambda, SNS, KMS, IAM, EC2 and auto-scaling parts of AmazonSageMakerFullAccess
  ['unused-permissions', u('ann-datascience')],
  // legacy-batch-role read S3 200 days ago; the partner's audit role (SecurityAudit) read 24 of 191 services in November
  ['unused-permissions', r('legacy-batch-role')],
  ['unused-permissions', r('PartnerAuditRole')],
];

/** Things in the messy sample that must NOT produce a finding. */
const MESSY_NOT_FLAGGED = [
  r('aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport'), // service-linked: never used, trust without source condition
  r('aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_6a1b2c3d4e5f6a7b'), // Identity Center admin role
  r('OrganizationAccountAccessRole'), // default allow list: admin, external (management account) trust, unused 300 days
  r('lambda-ingest'), // execution role: lambda trust needs no source condition
  // AmazonSageMakerFullAccess passes roles to SageMaker; the only admin roles trust Lambda or users. In last-accessed
  // scope too (full access), but created 58 days ago: the services it never used are not counted yet.
  r('AmazonSageMaker-ExecutionRole-20261001'),
  u('old-contractor'), // still in the (cached) credential report, but deleted from IAM
  `arn:aws:iam::${M}:policy/OldWideOpen`, // v1 allowed * on *, but only the default version (v2) counts
  `arn:aws:iam::${M}:server-certificate/cloudfront/www-messy-example-2027`,
];

const key = (x: [string, string]) => `${x[0]} ${x[1]}`;

/** A copy of a sample without its last-accessed.json: an old snapshot, taken before the file existed. */
function withoutLastAccessed(sample: string): string {
  const dir = mkdtempSync(join(tmpdir(), `iamg-old-${sample}-`));
  cpSync(join(SAMPLES, sample), dir, { recursive: true });
  rmSync(join(dir, 'last-accessed.json'));
  return dir;
}

describe('samples/snapshots/messy', () => {
  it('produces exactly the planted findings', async () => {
    const ev = evaluateAccount(await loadSnapshot(join(SAMPLES, 'messy')), DEFAULT_CONFIG);
    expect(ev.findings.map((f) => key([f.ruleId, f.resource])).sort()).toEqual(MESSY_PLANTED.map(key).sort());
    expect(ev.notEvaluated).toEqual({});
    // the 9 principals in last-accessed scope were evaluated; 8 hold grants they do not use
    expect(ev.rules['unused-permissions']).toMatchObject({ checked: 9, failed: 8 });
  });

  it('an old snapshot without last-accessed.json still sweeps: the same findings but unused-permissions, which is "not evaluated"', async () => {
    const dir = withoutLastAccessed('messy');
    try {
      const ev = evaluateAccount(await loadSnapshot(dir), DEFAULT_CONFIG);
      expect(ev.findings.map((f) => key([f.ruleId, f.resource])).sort()).toEqual(
        MESSY_PLANTED.filter(([rule]) => rule !== 'unused-permissions').map(key).sort(),
      );
      expect(ev.notEvaluated).toEqual({ 'unused-permissions': 'IAM last-accessed data could not be read: last-accessed.json is not in the snapshot folder' });
      expect(ev.rules['unused-permissions']?.checked ?? 0).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('unused-permissions names what a broad grant is used for, why it matters, and the rightsize command', async () => {
    const ev = evaluateAccount(await loadSnapshot(join(SAMPLES, 'messy')), DEFAULT_CONFIG);
    const find = (res: string) => ev.findings.find((f) => f.ruleId === 'unused-permissions' && f.resource === res);
    const ops = find(r('ops-automation-admin'));
    expect(ops?.message).toBe(
      'IAM role ops-automation-admin has not used 452 of 456 granted services in more than 90 days (it used only cloudwatch, ec2, logs, sns) ' +
        'and 537 tracked actions of services it does use (ec2: 537). ' +
        'Unused control-plane or secrets access: account, cloudtrail, iam, kms, organizations, secretsmanager, sts. IAM last-accessed data of 2026-11-28.',
    );
    expect(ops?.fix.cli).toContain(`iam-guardian rightsize --principal ${r('ops-automation-admin')}`);
    expect(find(u('etl-bot'))?.message).toMatch(/^IAM user etl-bot has not used any of its 456 granted services in more than 90 days\./);
    expect(find(u('ann-datascience'))?.message).toContain('has not used 6 of 14 granted services in more than 90 days (application-autoscaling, ec2, iam, kms, lambda, sns)');
    expect(find(r('legacy-batch-role'))?.message).toContain('has not used any of its 2 granted services in more than 90 days (s3, s3-object-lambda)');
  });

  it('never flags AWS-managed roles, deleted users or non-default policy versions', async () => {
    const ev = evaluateAccount(await loadSnapshot(join(SAMPLES, 'messy')), DEFAULT_CONFIG);
    for (const res of MESSY_NOT_FLAGGED) expect(ev.findings.filter((f) => f.resource === res)).toEqual([]);
  });

  it('data scientists (AmazonSageMakerFullAccess via DataScience) are not admin; the role chain is found with its path', async () => {
    const ev = evaluateAccount(await loadSnapshot(join(SAMPLES, 'messy')), DEFAULT_CONFIG);
    expect(ev.findings.filter((f) => f.resource === u('intern-carl') && ['admin-access', 'privilege-escalation'].includes(f.ruleId))).toEqual([]);
    const ann = ev.findings.find((f) => f.ruleId === 'admin-access' && f.resource === u('ann-datascience'));
    expect(ann?.message).toContain('user/ann-datascience → sts:AssumeRole → role/release-hop-1 → sts:AssumeRole → role/release-hop-2 → sts:AssumeRole → role/release-admin (AdministratorAccess)');
    const ci = ev.findings.find((f) => f.ruleId === 'admin-access' && f.resource === u('ci-deployer'));
    expect(ci?.message).toContain('user/ci-deployer → iam:CreateAccessKey → user/admin-bob (AdministratorAccess)');
  });

  it('rates the planted problems as designed', async () => {
    const ev = evaluateAccount(await loadSnapshot(join(SAMPLES, 'messy')), DEFAULT_CONFIG);
    const sev = (rule: string, res: string) => ev.findings.find((f) => f.ruleId === rule && f.resource === res)?.severity;
    expect(sev('root-access-key-present', `arn:aws:iam::${M}:root`)).toBe('critical');
    expect(sev('root-used-recently', `arn:aws:iam::${M}:root`)).toBe('critical'); // the root key was used, not only the password
    expect(sev('cloudtrail-not-logging', M)).toBe('critical');
    expect(sev('role-trust-public', r('public-assets-role'))).toBe('critical');
    expect(sev('admin-access', u('admin-bob'))).toBe('high');
    expect(sev('admin-access', u('etl-bot'))).toBe('high'); // admin via group, but a key-holding program
    expect(sev('billing-access-unverified', M)).toBe('info');
    expect(sev('unused-permissions', r('ops-automation-admin'))).toBe('medium'); // unused IAM, STS, KMS, …
    expect(sev('unused-permissions', u('admin-bob'))).toBe('medium'); // not the guide's admin user: admin attached directly, no MFA
    expect(sev('unused-permissions', r('legacy-batch-role'))).toBe('low'); // only S3 reads unused
    expect(ev.score).toBeLessThan(80);
  });

  it('every posture rule was evaluated on the messy sample', async () => {
    const ev = evaluateAccount(await loadSnapshot(join(SAMPLES, 'messy')), DEFAULT_CONFIG);
    expect(Object.keys(ev.rules).sort()).toEqual(POSTURE_RULES.map((x) => x.id).sort());
  });
});

describe('samples/snapshots/clean', () => {
  const C = '123456789012';
  it('produces no finding above info: only the guide\'s admin user (admin access, services she does not use) and the billing attestation', async () => {
    const ev = evaluateAccount(await loadSnapshot(join(SAMPLES, 'clean')), DEFAULT_CONFIG);
    expect(ev.findings.filter((f) => severityRank(f.severity) > severityRank('info'))).toEqual([]);
    expect(ev.findings.map((f) => key([f.ruleId, f.resource])).sort()).toEqual(
      [
        key(['admin-access', `arn:aws:iam::${C}:user/maria`]),
        // AdministratorAccess grants 456 services; an administrator uses a few (info: the guide's admin user)
        key(['unused-permissions', `arn:aws:iam::${C}:user/maria`]),
        key(['billing-access-unverified', C]),
      ].sort(),
    );
    expect(ev.notEvaluated).toEqual({});
    // li, the SageMaker execution role (58 days old), the support role and the vendor's scanner use what they hold
    expect(ev.rules['unused-permissions']).toMatchObject({ checked: 5, failed: 1 });
    expect(ev.score).toBe(100);
  });

  it('applies every rule to something (no rule passes by having nothing to check, except certificates)', async () => {
    const ev = evaluateAccount(await loadSnapshot(join(SAMPLES, 'clean')), DEFAULT_CONFIG);
    const empty = Object.entries(ev.rules).filter(([, s]) => s.checked === 0).map(([id]) => id);
    expect(empty).toEqual(['server-certificate-expired']);
  });

  it('an old snapshot without last-accessed.json: the same two info items and score, unused-permissions not evaluated', async () => {
    const dir = withoutLastAccessed('clean');
    try {
      const ev = evaluateAccount(await loadSnapshot(dir), DEFAULT_CONFIG);
      expect(ev.findings.map((f) => key([f.ruleId, f.resource])).sort()).toEqual(
        [key(['admin-access', `arn:aws:iam::${C}:user/maria`]), key(['billing-access-unverified', C])].sort(),
      );
      expect(ev.notEvaluated).toEqual({ 'unused-permissions': 'IAM last-accessed data could not be read: last-accessed.json is not in the snapshot folder' });
      expect(ev.score).toBe(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with billing attested in config, the clean sample has only the info items on its admin user', async () => {
    const cfg = { ...DEFAULT_CONFIG, attestations: { billingAccess: { attested: true, by: 'maria', date: '2026-11-01' } } };
    const ev = evaluateAccount(await loadSnapshot(join(SAMPLES, 'clean')), cfg);
    expect(ev.findings.map((f) => [f.ruleId, f.severity]).sort()).toEqual([
      ['admin-access', 'info'],
      ['unused-permissions', 'info'],
    ]);
  });
});
