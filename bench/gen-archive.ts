/**
 * Generates a synthetic CloudTrail archive in the S3 layout (AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz):
 * mostly non-IAM management-event noise with IAM, sign-in and root events mixed in, in CloudTrail's record shapes.
 * Deterministic (seeded) so runs compare.
 *
 *   node bin/run-ts.js bench/gen-archive.ts --size 1024   prints the folder of a ~1 GB archive (generated once, reused)
 *
 * Cached archives live outside the repository, in the temporary folder, keyed by GENERATOR_VERSION (bump it when the
 * records change) so an archive of an older generator is never measured as a new one.
 */
import { mkdir, writeFile, readdir, readFile, stat, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rng } from './rng';

/** Changes whenever the generated records change: cached archives are keyed by it. */
export const GENERATOR_VERSION = 1;

/** Where the archive of `sizeMb` MB (uncompressed) and `seed` is cached between runs. */
export function archiveCacheDir(sizeMb: number, seed = 42): string {
  return join(tmpdir(), 'iam-guardian-bench-cache', `gen-v${GENERATOR_VERSION}`, `archive-${sizeMb}mb-seed${seed}`);
}

/** The cached archive of `sizeMb` MB: generated into a temporary folder and renamed when complete, reused after. */
export async function cachedArchive(sizeMb: number, seed = 42): Promise<ArchiveInfo> {
  const dir = archiveCacheDir(sizeMb, seed);
  if (existsSync(join(dir, markerName(sizeMb, seed)))) return generateArchive(dir, sizeMb, seed);
  const partial = `${dir}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  const info = await generateArchive(partial, sizeMb, seed);
  const moved: ArchiveInfo = { ...info, dir, files: info.files.map((f) => join(dir, relative(partial, f))) };
  await writeFile(join(partial, markerName(sizeMb, seed)), JSON.stringify(moved));
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  return moved;
}

const markerName = (sizeMb: number, seed: number) => `.complete-${sizeMb}-${seed}`;

const ACCOUNT = '111122223333';
const REGIONS = ['us-east-1', 'us-east-1', 'us-east-1', 'eu-west-1', 'us-west-2'];
const USERS = ['alice', 'bob', 'carol', 'deploy-bot', 'team/dave'];
const ROLES = ['AppServerRole', 'LambdaExec', 'AWSReservedSSO_AdministratorAccess_0123456789abcdef', 'CiDeployRole'];

type Rec = Record<string, unknown>;

function identity(r: () => number): Rec {
  const x = r();
  if (x < 0.45) {
    const role = ROLES[Math.floor(r() * ROLES.length)];
    const path = role.startsWith('AWSReservedSSO') ? 'aws-reserved/sso.amazonaws.com/' : '';
    return {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLE${Math.floor(r() * 1e6)}:session-${Math.floor(r() * 1000)}`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/session-${Math.floor(r() * 1000)}`,
      accountId: ACCOUNT,
      accessKeyId: `ASIAEXAMPLE${Math.floor(r() * 1e8)}`,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:role/${path}${role}`, accountId: ACCOUNT, userName: role },
        webIdFederationData: {},
        attributes: { creationDate: '2026-11-02T08:00:00Z', mfaAuthenticated: 'false' },
      },
    };
  }
  if (x < 0.75) {
    const user = USERS[Math.floor(r() * USERS.length)];
    const name = user.split('/').pop()!;
    return {
      type: 'IAMUser',
      principalId: `AIDAEXAMPLE${name.toUpperCase()}`,
      arn: `arn:aws:iam::${ACCOUNT}:user/${user}`,
      accountId: ACCOUNT,
      accessKeyId: `AKIAEXAMPLE${Math.floor(r() * 1e8)}`,
      userName: name,
    };
  }
  if (x < 0.995) return { type: 'AWSService', invokedBy: ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'cloudformation.amazonaws.com'][Math.floor(r() * 3)] };
  return { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: 'ASIAROOTEXAMPLE' };
}

const NOISE: [string, string, boolean][] = [
  ['ec2.amazonaws.com', 'DescribeInstances', true],
  ['ec2.amazonaws.com', 'DescribeSecurityGroups', true],
  ['sts.amazonaws.com', 'AssumeRole', false],
  ['kms.amazonaws.com', 'Decrypt', true],
  ['kms.amazonaws.com', 'GenerateDataKey', true],
  ['logs.amazonaws.com', 'CreateLogStream', false],
  ['ssm.amazonaws.com', 'GetParameter', true],
  ['s3.amazonaws.com', 'ListBuckets', true],
  ['lambda.amazonaws.com', 'ListFunctions20150331', true],
  ['cloudformation.amazonaws.com', 'DescribeStacks', true],
  ['monitoring.amazonaws.com', 'PutMetricData', false],
  ['dynamodb.amazonaws.com', 'DescribeTable', true],
];

const IAM_EVENTS = [
  'CreateAccessKey',
  'AttachUserPolicy',
  'AttachRolePolicy',
  'PutRolePolicy',
  'CreatePolicyVersion',
  'UpdateAssumeRolePolicy',
  'ListUsers',
  'GetRole',
  'DeactivateMFADevice',
  'CreateLoginProfile',
];

function iamParams(name: string, r: () => number): Rec | null {
  const user = USERS[Math.floor(r() * USERS.length)].split('/').pop();
  switch (name) {
    case 'CreateAccessKey':
      return r() < 0.5 ? null : { userName: user };
    case 'AttachUserPolicy':
      return { userName: user, policyArn: r() < 0.3 ? 'arn:aws:iam::aws:policy/AdministratorAccess' : 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' };
    case 'AttachRolePolicy':
      return { roleName: 'AppServerRole', policyArn: 'arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess' };
    case 'PutRolePolicy':
      return {
        roleName: 'LambdaExec',
        policyName: 'inline',
        policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: r() < 0.2 ? '*' : 's3:GetObject', Resource: '*' }] }),
      };
    case 'CreatePolicyVersion':
      return {
        policyArn: `arn:aws:iam::${ACCOUNT}:policy/AppPolicy`,
        policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:*'], Resource: '*' }] }),
        setAsDefault: true,
      };
    case 'UpdateAssumeRolePolicy':
      return {
        roleName: 'CiDeployRole',
        policyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: r() < 0.2 ? 'arn:aws:iam::999988887777:root' : `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
        }),
      };
    case 'DeactivateMFADevice':
      return { userName: user, serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/${user}` };
    case 'CreateLoginProfile':
      return { userName: user, passwordResetRequired: r() < 0.5 };
    case 'GetRole':
      return { roleName: 'AppServerRole' };
    default:
      return null;
  }
}

function record(r: () => number, t: Date): Rec {
  const region = REGIONS[Math.floor(r() * REGIONS.length)];
  const id = identity(r);
  const base: Rec = {
    eventVersion: '1.10',
    userIdentity: id,
    eventTime: t.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    sourceIPAddress: id.type === 'AWSService' ? id.invokedBy : `198.51.100.${Math.floor(r() * 250)}`,
    userAgent: id.type === 'AWSService' ? id.invokedBy : 'aws-cli/2.17.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.8',
    requestID: `${Math.floor(r() * 1e12).toString(16)}-0000-4000-8000-${Math.floor(r() * 1e12).toString(16)}`,
    eventID: `${Math.floor(r() * 1e12).toString(16)}-1111-4222-8333-${Math.floor(r() * 1e12).toString(16)}`,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `service.${region}.amazonaws.com` },
  };
  const x = r();
  if (x < 0.04) {
    const name = IAM_EVENTS[Math.floor(r() * IAM_EVENTS.length)];
    const params = iamParams(name, r);
    return {
      ...base,
      eventSource: 'iam.amazonaws.com',
      eventName: name,
      awsRegion: 'us-east-1',
      requestParameters: params,
      responseElements: name === 'CreateAccessKey' ? { accessKey: { accessKeyId: 'AKIAEXAMPLENEW', status: 'Active', userName: (params?.userName as string) ?? 'alice', createDate: 'Nov 2, 2026 9:00:00 AM' } } : null,
      readOnly: name.startsWith('List') || name.startsWith('Get'),
    };
  }
  if (x < 0.05) {
    const root = r() < 0.3;
    return {
      ...base,
      userIdentity: root
        ? { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT }
        : { type: 'IAMUser', principalId: 'AIDAEXAMPLEALICE', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, userName: 'alice' },
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      awsRegion: 'us-east-1',
      eventType: 'AwsConsoleSignIn',
      requestParameters: null,
      responseElements: { ConsoleLogin: r() < 0.9 ? 'Success' : 'Failure' },
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: r() < 0.7 ? 'Yes' : 'No' },
    };
  }
  const [src, name, ro] = NOISE[Math.floor(r() * NOISE.length)];
  return {
    ...base,
    eventSource: src,
    eventName: name,
    awsRegion: region,
    requestParameters: ro ? { filterSet: {}, maxResults: 100 } : { roleArn: `arn:aws:iam::${ACCOUNT}:role/AppServerRole`, roleSessionName: 'i-0abc123' },
    responseElements: null,
    readOnly: ro,
    resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${ACCOUNT}:role/AppServerRole` }],
  };
}

export interface ArchiveInfo {
  dir: string;
  files: string[];
  rawBytes: number;
  gzBytes: number;
  records: number;
}

/** Generates (or reuses, when already generated for the same size) an archive of about `targetMb` MB uncompressed. */
export async function generateArchive(dir: string, targetMb: number, seed = 42): Promise<ArchiveInfo> {
  const marker = join(dir, markerName(targetMb, seed));
  if (existsSync(marker)) return JSON.parse(await readFile(marker, 'utf8')) as ArchiveInfo;
  const r = rng(seed);
  const files: string[] = [];
  let rawBytes = 0;
  let gzBytes = 0;
  let records = 0;
  let t = Date.parse('2026-11-01T00:00:00Z');
  let n = 0;
  while (rawBytes < targetMb * 1024 * 1024) {
    const day = new Date(t);
    const y = day.getUTCFullYear();
    const m = String(day.getUTCMonth() + 1).padStart(2, '0');
    const d = String(day.getUTCDate()).padStart(2, '0');
    const folder = join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', String(y), m, d);
    await mkdir(folder, { recursive: true });
    const count = 500 + Math.floor(r() * 1500);
    const recs: Rec[] = [];
    for (let i = 0; i < count; i++) {
      t += Math.floor(r() * 400);
      recs.push(record(r, new Date(t)));
    }
    const text = JSON.stringify({ Records: recs });
    const gz = gzipSync(text, { level: 6 });
    const stamp = new Date(t).toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
    const file = join(folder, `${ACCOUNT}_CloudTrail_us-east-1_${stamp}_${String(n++).padStart(6, '0')}.json.gz`);
    await writeFile(file, gz);
    files.push(file);
    rawBytes += Buffer.byteLength(text);
    gzBytes += gz.byteLength;
    records += count;
  }
  const info: ArchiveInfo = { dir, files, rawBytes, gzBytes, records };
  await writeFile(marker, JSON.stringify(info));
  return info;
}

export async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? await dirSize(p) : (await stat(p)).size;
  }
  return total;
}

/** `node bin/run-ts.js bench/gen-archive.ts --size MB [--seed N]`: generates (or finds) the cached archive, prints its folder. */
export async function main(argv: string[]): Promise<number> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const size = Number(arg('--size') ?? 100);
  const seed = Number(arg('--seed') ?? 42);
  if (!Number.isInteger(size) || size <= 0 || size > 16384 || !Number.isInteger(seed)) {
    process.stderr.write('usage: gen-archive.ts --size MB (1..16384) [--seed N]\n');
    return 2;
  }
  const t0 = Date.now();
  const info = await cachedArchive(size, seed);
  process.stderr.write(
    `archive: ${info.files.length} files, ${(info.rawBytes / 2 ** 20).toFixed(0)} MB uncompressed, ${(info.gzBytes / 2 ** 20).toFixed(0)} MB gzip, ${info.records} records (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
  );
  process.stdout.write(`${info.dir}\n`);
  return 0;
}
