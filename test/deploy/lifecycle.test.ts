/**
 * `serverless remove` then `serverless deploy` (or a first deploy that rolled back, then a second try), simulated on
 * the packaged templates: resources whose DeletionPolicy keeps them (Retain) survive the removal with their physical
 * names; a resource of the next create that asks for one of those names fails ("… already exists"). So no retained
 * (stateful) resource may carry a fixed physical name, unless it is listed below with the README section that
 * documents how to redeploy around it.
 */
import { join } from 'node:path';
import { packaged, ROOT, type CfnTemplate } from './packaged';
import { created, resolve } from './cfn';

jest.setTimeout(300_000);

/** Name property of each resource type whose physical name collides across stacks in one account and region. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::KMS::Alias': 'AliasName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Events::Rule': 'Name',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
};

/** Retained resources with a fixed name that are documented (logical id → README section). None today. */
const DOCUMENTED_FIXED_NAMES: Record<string, string> = {};

/** Physical names that survive `remove` (DeletionPolicy Retain / RetainExceptOnCreate and a fixed name). */
function survivors(t: CfnTemplate): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, r] of Object.entries(t.Resources)) {
    if (!created(t, id)) continue;
    if (r.DeletionPolicy !== 'Retain' && r.DeletionPolicy !== 'RetainExceptOnCreate') continue;
    const prop = NAME_PROPERTY[r.Type];
    const name = prop ? r.Properties?.[prop] : undefined;
    if (name !== undefined) out.set(`${r.Type} ${String(resolve(t, name))}`, id);
  }
  return out;
}

/** Resources of `next` whose create collides with what the removed `prev` stack left behind. */
function collisions(prev: CfnTemplate, next: CfnTemplate): string[] {
  const left = survivors(prev);
  const out: string[] = [];
  for (const [id, r] of Object.entries(next.Resources)) {
    if (!created(next, id)) continue;
    const prop = NAME_PROPERTY[r.Type];
    const name = prop ? r.Properties?.[prop] : undefined;
    if (name === undefined) continue;
    const key = `${r.Type} ${String(resolve(next, name))}`;
    if (left.has(key) && !DOCUMENTED_FIXED_NAMES[id]) out.push(`${id} (${key}) collides with the retained ${left.get(key)}`);
  }
  return out;
}

describe('remove, then deploy again', () => {
  test('the check sees the old failure: a retained table with a fixed TableName blocks the next create', async () => {
    const { template } = await packaged();
    const old = structuredClone(template);
    old.Resources.StateTable.Properties.TableName = 'iam-guardian-prod-state';
    expect(collisions(old, old)).toEqual(['StateTable (AWS::DynamoDB::Table iam-guardian-prod-state) collides with the retained StateTable']);
  });

  test.each([
    ['main stack', ROOT, [] as string[]],
    ['forwarder', join(ROOT, 'forwarder'), ['--region', 'eu-west-1']],
  ])('%s: nothing retained keeps a fixed name, so a redeploy after remove or rollback creates cleanly', async (_n, configDir, args) => {
    const { template } = await packaged({ configDir, args });
    expect(collisions(template, template)).toEqual([]);
  });

  test('the data stays: the state table and the report bucket are retained (on removal and on replacement)', async () => {
    const { template } = await packaged();
    for (const id of ['StateTable', 'ReportBucket']) {
      expect([id, template.Resources[id].DeletionPolicy, template.Resources[id].UpdateReplacePolicy]).toEqual([id, 'Retain', 'Retain']);
    }
    expect(template.Resources.StateTable.Properties.TableName).toBeUndefined();
    expect(template.Resources.ReportBucket.Properties.BucketName).toBeUndefined();
    expect(template.Resources.StateTable.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  test('the functions find the table by Ref, whatever CloudFormation named it', async () => {
    const { template } = await packaged();
    for (const fn of ['ChangeScorerLambdaFunction', 'NightlySweepLambdaFunction', 'WeeklyReportLambdaFunction']) {
      const env = (template.Resources[fn].Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect([fn, env.TABLE_NAME]).toEqual([fn, { Ref: 'StateTable' }]);
    }
  });
});
