/** The clients `iam-guardian doctor` reads with (one place; the SDK's standard retry, credentials from --profile). */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import type { DoctorClients } from './doctor';

export function makeDoctorClients(opts: { profile?: string; region: string }): DoctorClients & { destroyAll(): void } {
  const credentials = opts.profile ? fromIni({ profile: opts.profile }) : undefined;
  const common = { region: opts.region, maxAttempts: 6, ...(credentials ? { credentials } : {}) };
  const cfn = new Map<string, CloudFormationClient>();
  const all: Array<{ destroy(): void }> = [];
  const keep = <T extends { destroy(): void }>(c: T): T => {
    all.push(c);
    return c;
  };
  return {
    sts: keep(new STSClient(common)),
    cloudtrail: keep(new CloudTrailClient(common)),
    cloudformation: (region) => {
      let c = cfn.get(region);
      if (!c) cfn.set(region, (c = keep(new CloudFormationClient({ ...common, region }))));
      return c;
    },
    events: keep(new EventBridgeClient(common)),
    sns: keep(new SNSClient(common)),
    kms: keep(new KMSClient(common)),
    cloudwatch: keep(new CloudWatchClient(common)),
    sqs: keep(new SQSClient(common)),
    dynamodb: keep(new DynamoDBClient(common)),
    destroyAll: () => all.forEach((c) => c.destroy()),
  };
}

export function destroyDoctorClients(c: ReturnType<typeof makeDoctorClients>): void {
  c.destroyAll();
}
