/**
 * Policy-engine benchmark: the effective permissions (admin-equivalence, escalation paths, sensitive grants,
 * full-access services) of every principal of a synthetic quota-maximum account — 5,000 users, 5,000 roles,
 * 5,000 customer-managed policies, 300 groups, plus AWS managed policies from the bundled table — generated here
 * with a fixed seed and a realistic mix (bucket- and table-scoped grants, service wildcards, PassRole to named
 * and wildcard roles, self-management with ${aws:username}, Deny guardrails, NotAction, conditions, boundaries).
 * `quick` analyses a tenth of it. The lead's harness (bench/run.ts) calls runPolicyBench.
 */
import { parsePolicyDocument, type PolicyDocument } from '../lib/policy/document';
import { effectivePermissions, type PrincipalPolicies } from '../lib/policy/effective';
import { awsManagedPolicyDocument } from '../lib/policy/managed';
import { rng } from './rng';

const ACCOUNT = '111111111111';


type Json = Record<string, unknown>;

function policyStatements(i: number, r: () => number): Json[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const bucket = `arn:aws:s3:::data-${i % 700}`;
  const table = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t${i % 400}`;
  const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f${i % 500}`;
  const x = r();
  if (x < 0.35)
    return [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `${bucket}/*` },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket },
    ];
  if (x < 0.5) return [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:BatchGetItem'], Resource: [table, `${table}/index/*`] }];
  if (x < 0.6)
    return [
      { Effect: 'Allow', Action: ['lambda:InvokeFunction', 'lambda:GetFunction'], Resource: fn },
      { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:*:${ACCOUNT}:log-group:/aws/lambda/*` },
    ];
  if (x < 0.7) return [{ Effect: 'Allow', Action: pick([['s3:*'], ['ec2:Describe*', 'ec2:Get*'], ['cloudwatch:*', 'logs:*'], ['sqs:*', 'sns:*'], ['ssm:GetParameter*', 'kms:Decrypt']]), Resource: '*' }];
  if (x < 0.75)
    return [
      { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:UpdateFunctionConfiguration', 'lambda:InvokeFunction'], Resource: `arn:aws:lambda:*:${ACCOUNT}:function:app-*` },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/lambda-exec-${i % 50}`, Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } },
    ];
  if (x < 0.78)
    return [
      { Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:Describe*', 'ecs:RegisterTaskDefinition', 'ecs:RunTask'], Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: pick(['*', `arn:aws:iam::${ACCOUNT}:role/*`, `arn:aws:iam::${ACCOUNT}:role/ecs-*`]) },
    ];
  if (x < 0.81)
    return [
      { Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey', 'iam:ChangePassword', 'iam:CreateVirtualMFADevice', 'iam:EnableMFADevice'], Resource: [`arn:aws:iam::${ACCOUNT}:user/\${aws:username}`, `arn:aws:iam::${ACCOUNT}:mfa/\${aws:username}`] },
      { Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'], Resource: '*' },
    ];
  if (x < 0.83) return [{ Effect: 'Allow', Action: '*', Resource: '*' }];
  if (x < 0.86)
    return [
      { Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'iam:DeleteUserPermissionsBoundary', 'iam:DeleteRolePermissionsBoundary'], Resource: '*' },
      { Effect: 'Deny', NotAction: ['iam:ChangePassword', 'iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'sts:GetSessionToken'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
    ];
  if (x < 0.9) return [{ Effect: 'Allow', NotAction: pick([['iam:*', 'organizations:*', 'account:*'], ['iam:*'], ['s3:DeleteBucket']]), Resource: '*' }];
  if (x < 0.94) return [{ Effect: 'Allow', Action: pick([['ec2:*'], ['rds:*', 'dynamodb:*'], ['lambda:*']]), Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } }];
  if (x < 0.96) return [{ Effect: 'Allow', Action: ['iam:AttachRolePolicy', 'iam:PutRolePolicy', 'sts:AssumeRole'], Resource: `arn:aws:iam::${ACCOUNT}:role/deploy-${i % 20}-*` }];
  if (x < 0.98) return [{ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:CreateLoginProfile'], Resource: `arn:aws:iam::${ACCOUNT}:user/svc-*` }];
  return [{ Effect: 'Allow', Action: ['ssm:SendCommand', 'ssm:StartSession', 'ec2:DescribeInstances'], Resource: '*' }];
}

function parse(statements: Json[]): PolicyDocument {
  const p = parsePolicyDocument({ Version: '2012-10-17', Statement: statements });
  if (!p.ok) throw new Error(p.error);
  return p.document;
}

export interface SyntheticAccount {
  principals: PrincipalPolicies[];
  policies: number;
  groups: number;
}

/** Builds the synthetic account: every principal with its identity policies (shared document objects). */
export function syntheticAccount(scale: { users: number; roles: number; policies: number; groups: number }, seed = 42): SyntheticAccount {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const policies = Array.from({ length: scale.policies }, (_, i) => ({ arn: `arn:aws:iam::${ACCOUNT}:policy/p${i}`, document: parse(policyStatements(i, r)) }));
  // Customer policies are mostly narrow; pick attachments biased away from the broad ones.
  const managedNames = ['ReadOnlyAccess', 'AmazonS3ReadOnlyAccess', 'PowerUserAccess', 'AWSLambda_FullAccess', 'AmazonEC2FullAccess', 'SecurityAudit', 'AdministratorAccess', 'IAMUserChangePassword', 'AmazonSSMManagedInstanceCore', 'AWSLambdaBasicExecutionRole'];
  const managed = managedNames.map((n) => ({ arn: `arn:aws:iam::aws:policy/${n}`, document: awsManagedPolicyDocument(`arn:aws:iam::aws:policy/${n}`) as PolicyDocument }));
  const pickManaged = () => {
    const x = r();
    if (x < 0.3) return managed[1];
    if (x < 0.5) return managed[0];
    if (x < 0.6) return managed[7];
    if (x < 0.7) return managed[8];
    if (x < 0.85) return managed[9];
    if (x < 0.9) return managed[5];
    if (x < 0.94) return managed[4];
    if (x < 0.97) return managed[3];
    if (x < 0.99) return managed[2];
    return managed[6];
  };
  const groups = Array.from({ length: scale.groups }, (_, g) => {
    const attached = [...Array.from({ length: 1 + int(3) }, () => policies[int(policies.length)]), ...(r() < 0.4 ? [pickManaged()] : [])];
    const inline = r() < 0.3 ? [{ source: `group:g${g}/inline:extra`, document: parse(policyStatements(g * 7 + 3, r)) }] : [];
    return { arn: `arn:aws:iam::${ACCOUNT}:group/g${g}`, name: `g${g}`, attached, inline };
  });
  const boundaries = [parse([{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }]), parse([{ Effect: 'Allow', Action: ['s3:*', 'dynamodb:*', 'lambda:*', 'logs:*', 'sqs:*'], Resource: '*' }])];
  const principals: PrincipalPolicies[] = [];
  const privilegedRoles: string[] = [];
  const roleSpecs = Array.from({ length: scale.roles }, (_, i) => {
    const arn = `arn:aws:iam::${ACCOUNT}:role/${r() < 0.2 ? 'service-role/' : ''}role-${i}`;
    const attached = [...Array.from({ length: int(3) }, () => policies[int(policies.length)]), ...(r() < 0.7 ? [pickManaged()] : [])];
    if (attached.some((a) => a.arn.endsWith('/AdministratorAccess'))) privilegedRoles.push(arn);
    const inline = r() < 0.3 ? [{ source: `inline:role-${i}/p`, document: parse(policyStatements(i * 13 + 5, r)) }] : [];
    return { arn, attached, inline, boundary: r() < 0.05 ? boundaries[int(2)] : undefined };
  });
  for (let u = 0; u < scale.users; u++) {
    const arn = `arn:aws:iam::${ACCOUNT}:user/${r() < 0.3 ? 'team/' : ''}user-${u}`;
    const myGroups = Array.from({ length: int(4) }, () => groups[int(groups.length)]);
    const direct = Array.from({ length: r() < 0.3 ? 1 + int(2) : 0 }, () => policies[int(policies.length)]);
    const identityPolicies = [
      ...direct.map((p) => ({ source: p.arn, document: p.document })),
      ...(r() < 0.2 ? [{ source: `inline:user-${u}/p`, document: parse(policyStatements(u * 11 + 1, r)) }] : []),
      ...myGroups.flatMap((g) => [...g.attached.map((p) => ({ source: `group:${g.name}/${p.arn}`, document: p.document })), ...g.inline]),
    ];
    principals.push({
      arn,
      identityPolicies,
      groups: [...new Set(myGroups.map((g) => g.arn))],
      attachedPolicyArns: [...new Set([...direct.map((p) => p.arn), ...myGroups.flatMap((g) => g.attached.map((p) => p.arn))])],
      boundary: r() < 0.1 ? boundaries[int(2)] : undefined,
      privilegedRoles,
    });
  }
  for (const role of roleSpecs) {
    principals.push({
      arn: role.arn,
      identityPolicies: [...role.attached.map((p) => ({ source: p.arn, document: p.document })), ...role.inline],
      attachedPolicyArns: role.attached.map((p) => p.arn),
      boundary: role.boundary,
      privilegedRoles,
    });
  }
  return { principals, policies: policies.length, groups: groups.length };
}

/**
 * `seconds` is wall-clock time of the analysis loop; `cpuSeconds` (extra) is the process CPU time spent in it, which
 * tells a loaded machine's figure from the engine's own speed.
 */
export async function runPolicyBench(opts: { quick: boolean }): Promise<{ principals: number; seconds: number; principalsPerSec: number; cpuSeconds: number }> {
  const scale = opts.quick ? { users: 500, roles: 500, policies: 500, groups: 30 } : { users: 5000, roles: 5000, policies: 5000, groups: 300 };
  const account = syntheticAccount(scale);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let admins = 0;
  for (const p of account.principals) {
    const e = effectivePermissions(p);
    if (e.adminEquivalent) admins++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  if (admins === 0) throw new Error('synthetic account has no admin principal: the generator is broken');
  return { principals: account.principals.length, seconds, principalsPerSec: account.principals.length / seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** `node bin/run-ts.js bench/policy.ts [--quick]` (or `npx tsx bench/policy.ts`): prints the result as JSON. */
export async function main(argv: string[] = process.argv): Promise<number> {
  const r = await runPolicyBench({ quick: argv.includes('--quick') });
  process.stdout.write(`${JSON.stringify(r)}\n`);
  return 0;
}

if (require.main === module) void main();
