/**
 * `rightsize --all` over the bench archive (bench/gen-archive.ts, 1 GB uncompressed; 100 MB with --quick): seconds and
 * peak memory (max RSS) of one fresh process running the command, with a snapshot of the archive's account (its users
 * and roles, with the policies below) written to a temporary folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedArchive } from './gen-archive';
import { runBenchChild } from './child';

export interface RightsizeBench {
  archiveMb: number;
  gzMb: number;
  files: number;
  records: number;
  principals: number;
  seconds: number;
  mbPerSec: number;
  peakMb: number;
}

const ACCOUNT = '111122223333';

function policy(actions: string[]): string {
  return encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }));
}

/** The bench archive's users and roles (gen-archive.ts) with admin, power-user-like and narrow policies. */
function writeSnapshot(dir: string): void {
  const inline = (name: string, actions: string[]) => [{ PolicyName: name, PolicyDocument: policy(actions) }];
  const user = (path: string, name: string, actions: string[]) => ({
    Path: path, UserName: name, UserId: `AIDA${name.toUpperCase()}`, Arn: `arn:aws:iam::${ACCOUNT}:user${path}${name}`, CreateDate: '2026-01-01T00:00:00Z',
    UserPolicyList: inline('work', actions), GroupList: [], AttachedManagedPolicies: [], Tags: [],
  });
  const role = (path: string, name: string, actions: string[]) => ({
    Path: path, RoleName: name, RoleId: `AROA${name.toUpperCase()}`, Arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`, CreateDate: '2026-01-01T00:00:00Z',
    AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })),
    RolePolicyList: inline('work', actions), AttachedManagedPolicies: [], InstanceProfileList: [], Tags: [],
  });
  const details = {
    UserDetailList: [
      user('/', 'alice', ['*']),
      user('/', 'bob', ['ec2:*', 's3:*', 'iam:*', 'kms:*']),
      user('/', 'carol', ['ec2:Describe*', 's3:List*', 'iam:Get*', 'iam:List*']),
      user('/', 'deploy-bot', ['cloudformation:*', 'lambda:*', 'iam:PassRole', 's3:*']),
      user('/team/', 'dave', ['*']),
    ],
    GroupDetailList: [],
    RoleDetailList: [
      role('/', 'AppServerRole', ['s3:*', 'dynamodb:*', 'ssm:GetParameter*', 'kms:Decrypt']),
      role('/', 'LambdaExec', ['logs:*', 'dynamodb:*', 'monitoring:*', 'cloudwatch:*']),
      role('/aws-reserved/sso.amazonaws.com/', 'AWSReservedSSO_AdministratorAccess_0123456789abcdef', ['*']),
      role('/', 'CiDeployRole', ['*']),
    ],
    Policies: [],
  };
  writeFileSync(join(dir, 'authorization-details.json'), JSON.stringify(details));
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ accountId: ACCOUNT, takenAt: '2026-12-01T00:00:00Z', region: 'us-east-1', notCollected: { credentialReport: 'bench', accountSummary: 'bench' } }));
}

export async function runRightsizeBench(opts: { quick: boolean; log: (s: string) => void }): Promise<RightsizeBench> {
  const size = opts.quick ? 100 : 1024;
  const archive = await cachedArchive(size);
  const dir = mkdtempSync(join(tmpdir(), 'iam-guardian-rightsize-bench-'));
  try {
    writeSnapshot(dir);
    opts.log(`rightsize: --all over ${size} MB (${archive.files.length} files)…`);
    const r = runBenchChild<{ seconds: number; peakMb: number; records: number; principals: number }>('rightsize-child.ts', [archive.dir, dir]);
    const archiveMb = Math.round(archive.rawBytes / 2 ** 20);
    const out: RightsizeBench = {
      archiveMb,
      gzMb: Math.round(archive.gzBytes / 2 ** 20),
      files: archive.files.length,
      records: r.records,
      principals: r.principals,
      seconds: r.seconds,
      mbPerSec: Math.round((archiveMb / r.seconds) * 10) / 10,
      peakMb: r.peakMb,
    };
    opts.log(`rightsize: ${JSON.stringify(out)}`);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
