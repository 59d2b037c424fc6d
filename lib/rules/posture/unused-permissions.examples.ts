import type { PostureExamples } from '../types';
import type { AccountModel } from '../../account/model';
import { parseLastAccessed } from '../../last-accessed/model';
import { FIXTURE_ACCOUNT, accountFixture, awsPolicyRef, daysAgo, iamRole, iamUser } from '../../../test/support/posture-fixtures';

/** A date `days` before the fixture snapshot, as SDK v3 returns it (a Date object). */
const at = (days: number) => new Date(daysAgo(days).replace('+00:00', 'Z'));
const arn = (kind: 'role' | 'user', name: string) => `arn:aws:iam::${FIXTURE_ACCOUNT}:${kind}/${name}`;

/** One service of a GetServiceLastAccessedDetails report (ACTION_LEVEL), in AWS's shape. */
function svc(namespace: string, name: string, lastUsedDaysAgo?: number, tracked?: [string, number | undefined][]) {
  return {
    ServiceName: name,
    ServiceNamespace: namespace,
    TotalAuthenticatedEntities: lastUsedDaysAgo === undefined ? 0 : 1,
    ...(lastUsedDaysAgo === undefined ? {} : { LastAuthenticated: at(lastUsedDaysAgo), LastAuthenticatedRegion: 'eu-west-1' }),
    ...(tracked
      ? {
          TrackedActionsLastAccessed: tracked.map(([ActionName, d]) => ({
            ActionName,
            ...(d === undefined ? {} : { LastAccessedTime: at(d), LastAccessedRegion: 'eu-west-1', LastAccessedEntity: 'x' }),
          })),
        }
      : {}),
  };
}

/** The account with the last-accessed file the sweep writes (decoded by the loader's own parser). */
function withReports(partial: Partial<AccountModel>, reports: { arn: string; services: ReturnType<typeof svc>[] }[], notEvaluated: { Arn: string; reason: string }[] = []): AccountModel {
  return accountFixture({
    ...partial,
    lastAccessed: parseLastAccessed({
      scope: 'users and roles with administrator access, a full-access managed policy or a wildcard action',
      principals: reports.map((r) => ({
        Arn: r.arn,
        JobStatus: 'COMPLETED',
        JobType: 'ACTION_LEVEL',
        JobCreationDate: at(0),
        JobCompletionDate: at(0),
        ServicesLastAccessed: r.services,
      })),
      notEvaluated,
    }),
  });
}

const admin = iamRole('ci-deploy', { CreateDate: daysAgo(400), AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] });
const dataUser = iamUser('dana', { CreateDate: daysAgo(300), AttachedManagedPolicies: [awsPolicyRef('AmazonS3FullAccess'), awsPolicyRef('AWSLambda_FullAccess')] });

/** Pass and fail examples of `unused-permissions`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    {
      name: 'admin role never used EC2 and last used IAM 200 days ago (unused IAM: medium)',
      expect: { severity: 'medium', resource: arn('role', 'ci-deploy') },
      account: withReports({ roles: [admin] }, [
        { arn: admin.Arn, services: [svc('s3', 'Amazon S3', 2), svc('ec2', 'Amazon EC2'), svc('iam', 'AWS Identity and Access Management', 200)] },
      ]),
    },
    {
      name: 'boundary: Lambda last used 91 days ago, one day over the 90-day limit (low)',
      expect: { severity: 'low', resource: arn('user', 'dana') },
      account: withReports({ users: [dataUser] }, [{ arn: dataUser.Arn, services: [svc('s3', 'Amazon S3', 3), svc('lambda', 'AWS Lambda', 91)] }]),
    },
    {
      name: 'S3 in use, but its tracked action DeleteBucket never used (action level, low)',
      expect: { severity: 'low', resource: arn('user', 'dana') },
      account: withReports({ users: [dataUser] }, [
        { arn: dataUser.Arn, services: [svc('s3', 'Amazon S3', 1, [['GetObject', 1], ['DeleteBucket', undefined]])] },
      ]),
    },
  ],
  pass: [
    {
      name: 'boundary: every granted service used, the oldest exactly 90 days ago',
      account: withReports({ users: [dataUser] }, [{ arn: dataUser.Arn, services: [svc('s3', 'Amazon S3', 1), svc('lambda', 'AWS Lambda', 90)] }]),
    },
    {
      name: 'a role created 30 days ago has not used everything yet: too new to judge',
      account: withReports({ roles: [iamRole('new-admin', { CreateDate: daysAgo(30) })] }, [
        { arn: arn('role', 'new-admin'), services: [svc('s3', 'Amazon S3', 2), svc('ec2', 'Amazon EC2')] },
      ]),
    },
    {
      name: 'tracked actions used 89 and 90 days ago, services in use',
      account: withReports({ users: [dataUser] }, [
        { arn: dataUser.Arn, services: [svc('s3', 'Amazon S3', 5, [['GetObject', 89], ['PutObject', 90]]), svc('lambda', 'AWS Lambda', 10)] },
      ]),
    },
  ],
};
