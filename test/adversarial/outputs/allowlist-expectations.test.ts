/**
 * Allow-list by expectation, in real time and from the user's configuration (issue 12). A real-time grant to a role
 * named like an allow-listed one, made by a caller named like an allow-listed one, used to be skipped by name. Now an
 * entry lets a grant pass only when it is the change the entry expects (a managed policy through which it expects
 * admin access) made by a caller it names; posture and real-time rules read the same entries, including entries the
 * user writes as objects.
 */
import { normalizeEvent } from '../../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG, type Config } from '../../../lib/config/types';
import { resolveConfig } from '../../../lib/config/resolve';
import { parseConfigText } from '../../../lib/config/load';
import { EVENT_RULES } from '../../../lib/rules/event';
import { ACCOUNT, ADMIN_DOC, iamCall, roleIdentity, userIdentity } from '../../support/event-records';
import { evaluateAccount } from '../../../lib/posture/evaluate';
import { accountFixture, allow, awsPolicyRef, iamRole, trust } from '../../support/posture-fixtures';

const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const controlTower = { type: 'AWSService', invokedBy: 'controltower.amazonaws.com' };

function ruleIds(input: unknown, config: Config = DEFAULT_CONFIG): string[] {
  const ev = normalizeEvent(input);
  const ids: string[] = [];
  for (const r of EVENT_RULES) {
    if (r.evaluate(ev, { config, enrichment: emptyEnrichment() }).length) ids.push(r.id);
  }
  return ids.sort();
}

describe('real time: built-in entries', () => {
  it('Control Tower attaching AdministratorAccess to AWSControlTowerExecution stays quiet (as itself or through its execution role)', () => {
    expect(ruleIds(iamCall('AttachRolePolicy', controlTower, { roleName: 'AWSControlTowerExecution', policyArn: ADMIN_ARN }))).not.toContain('admin-granted');
    const viaRole = iamCall('AttachRolePolicy', roleIdentity('AWSControlTowerExecution', 'provision'), { roleName: 'aws-controltower-AdministratorExecutionRole', policyArn: ADMIN_ARN });
    expect(ruleIds(viaRole)).not.toContain('admin-granted');
  });

  it('an inline *:* policy on aws-controltower-backdoor, even by Control Tower, alerts', () => {
    const ids = ruleIds(iamCall('PutRolePolicy', roleIdentity('AWSControlTowerExecution', 'provision'), { roleName: 'aws-controltower-backdoor', policyName: 'p', policyDocument: ADMIN_DOC }));
    expect(ids).toContain('admin-granted');
  });

  it('AdministratorAccess granted by a caller Control Tower does not use (an allow-listed-looking name included) alerts', () => {
    for (const caller of [roleIdentity('aws-controltower-x', 's'), userIdentity('mallory'), { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' }]) {
      expect(ruleIds(iamCall('AttachRolePolicy', caller, { roleName: 'aws-controltower-backdoor', policyArn: ADMIN_ARN }))).toContain('admin-granted');
    }
  });

  it('a managed policy other than the expected one, by Control Tower itself, alerts', () => {
    const ids = ruleIds(iamCall('AttachRolePolicy', controlTower, { roleName: 'AWSControlTowerExecution', policyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' }));
    expect(ids.some((id) => ['admin-granted', 'privilege-escalation-granted', 'permissive-policy-change'].includes(id))).toBe(true);
  });

  it('a trust outside the expected services, set by the expected caller, alerts (trust-policy-external is not covered for it)', () => {
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }] });
    const bySvcRole = iamCall('UpdateAssumeRolePolicy', roleIdentity('AWSControlTowerExecution', 'p'), { roleName: 'AWSControlTowerAdmin', policyDocument: doc });
    // service-role/AWSControlTower* expects only AWS services: another account in its trust is reported even by Control Tower.
    expect(ruleIds(bySvcRole)).toEqual(ruleIds(iamCall('UpdateAssumeRolePolicy', userIdentity('m'), { roleName: 'AWSControlTowerAdmin', policyDocument: doc })));
    expect(ruleIds(bySvcRole)).toContain('trust-policy-external');
  });

  it('with the default allow-list replaced by nothing, even Control Tower is judged', () => {
    const config = resolveConfig({ allowList: [], replaceDefaultAllowList: true });
    expect(ruleIds(iamCall('AttachRolePolicy', controlTower, { roleName: 'AWSControlTowerExecution', policyArn: ADMIN_ARN }), config)).toContain('admin-granted');
  });
});

describe("the user's own entries, as objects", () => {
  const config = resolveConfig(
    parseConfigText(
      [
        'allowList:',
        '  - arn:aws:iam::*:role/legacy-*',
        '  - arn: arn:aws:iam::*:role/break-glass',
        '    reason: emergency access, attached by the identity team pipeline',
        '    covers: [admin-access, admin-granted]',
        '    trustedServices: []',
        '    adminPolicies: [arn:aws:iam::aws:policy/AdministratorAccess]',
        `    callers: ["arn:aws:iam::*:role/identity-pipeline"]`,
        '',
      ].join('\n'),
      'guardian.yaml',
    ),
  );

  it('resolves: the glob joins allowList, the expectations are kept by arn', () => {
    expect(config.allowList).toEqual(expect.arrayContaining(['arn:aws:iam::*:role/legacy-*', 'arn:aws:iam::*:role/break-glass']));
    expect(config.allowListEntries?.['arn:aws:iam::*:role/break-glass']?.covers).toEqual(['admin-access', 'admin-granted']);
  });

  it('real time: the named caller attaching the expected policy is quiet; another caller or an inline policy alerts', () => {
    const byPipeline = iamCall('AttachRolePolicy', roleIdentity('identity-pipeline', 'run'), { roleName: 'break-glass', policyArn: ADMIN_ARN });
    expect(ruleIds(byPipeline, config)).not.toContain('admin-granted');
    // privilege-escalation-granted is not in the entry's covers: the same grant still reports it if it applies.
    expect(ruleIds(byPipeline, config)).toEqual(ruleIds(byPipeline, config).filter((id) => id !== 'admin-granted'));
    expect(ruleIds(iamCall('AttachRolePolicy', userIdentity('bob'), { roleName: 'break-glass', policyArn: ADMIN_ARN }), config)).toContain('admin-granted');
    expect(ruleIds(iamCall('PutRolePolicy', roleIdentity('identity-pipeline', 'run'), { roleName: 'break-glass', policyName: 'x', policyDocument: ADMIN_DOC }), config)).toContain('admin-granted');
  });

  it('posture: admin-access is removed for a conforming role; rules the entry does not cover still report', () => {
    const trusted = trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
    const ok = iamRole('break-glass', { AssumeRolePolicyDocument: trusted, AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] });
    const withDefaultEntry = evaluateAccount(accountFixture({ roles: [ok] }), resolveConfig({})).findings.filter((f) => f.resource === ok.Arn).map((f) => f.ruleId);
    expect(withDefaultEntry).toContain('admin-access');
    const f = evaluateAccount(accountFixture({ roles: [ok] }), config).findings.filter((x) => x.resource === ok.Arn).map((x) => x.ruleId);
    expect(f).not.toContain('admin-access');
    // unused-role is not covered by this entry: a role never used is still reported.
    expect(f).toEqual(withDefaultEntry.filter((id) => id !== 'admin-access'));
  });

  it('posture: a service in the trust (none expected) or admin through an inline policy voids the entry', () => {
    const svc = iamRole('break-glass', { AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }), AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] });
    expect(evaluateAccount(accountFixture({ roles: [svc] }), config).findings.map((x) => x.ruleId)).toContain('admin-access');
    const inline = iamRole('break-glass', { AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }), RolePolicyList: [{ PolicyName: 'all', document: allow('*', '*') }] });
    expect(evaluateAccount(accountFixture({ roles: [inline] }), config).findings.map((x) => x.ruleId)).toContain('admin-access');
  });

  it('an entry naming an unknown rule, a non-ARN glob or a bad caller is a configuration error naming the line', () => {
    const text = ['allowList:', '  - arn: role/x', '    covers: [admin-acess]', '    callers: [bob]', ''].join('\n');
    expect(() => parseConfigText(text, 'bad.yaml')).toThrow(/bad\.yaml:2: allowList\[0\]\.arn "role\/x" must be an ARN glob/);
    expect(() => parseConfigText(text, 'bad.yaml')).toThrow(/bad\.yaml:3: allowList\[0\]\.covers\[0\]: "admin-acess" is not a rule id \(did you mean "admin-access"\?\)/);
    expect(() => parseConfigText(text, 'bad.yaml')).toThrow(/bad\.yaml:4: allowList\[0\]\.callers\[0\] "bob" must be an AWS service principal/);
    expect(() => parseConfigText('allowList:\n  - reason: no arn\n', 'bad.yaml')).toThrow(/allowList/);
  });
});
