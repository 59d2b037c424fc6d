/** Redrive of dead-letter queues (lib/aws/redrive.ts and `iam-guardian redrive`) over mocked SQS and Lambda. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { queueRegion, redriveDlq } from '../../lib/aws/redrive';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';
import { fakeQueue } from '../support/sqs-queue';
import { useStandInCredentials } from '../support/test-credentials';

const ACCOUNT = '111122223333';
const QUEUE = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/iam-guardian-prod-events-dlq`;
const SCORER = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:iam-guardian-prod-change-scorer`;
const SWEEP = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:iam-guardian-prod-nightly-sweep`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:iam-guardian-prod-alerts`;

const sqsMock = mockClient(SQSClient);
const lambdaMock = mockClient(LambdaClient);
const cfnMock = mockClient(CloudFormationClient);

const sample = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../events', name), 'utf8')) as { detail: { eventID: string } };
const str = (v: string) => ({ DataType: 'String', StringValue: v });
/** Lambda's Invoke Payload (the SDK's Uint8Array blob). */
const payload = (text: string) => new TextEncoder().encode(text) as InvokeCommandOutput['Payload'];


function dlqMessage(id: string, body: unknown, attrs: Record<string, string> = {}): Message {
  return {
    MessageId: id,
    ReceiptHandle: `rh-${id}`,
    Body: typeof body === 'string' ? body : JSON.stringify(body),
    MessageAttributes: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, str(v)])),
  };
}

const scheduled = { version: '0', id: 'a1b2', 'detail-type': 'Scheduled Event', source: 'aws.events', account: ACCOUNT, time: '2026-11-02T03:00:00Z', region: 'us-east-1', resources: [`arn:aws:events:us-east-1:${ACCOUNT}:rule/iam-guardian-prod-nightly-sweep`], detail: {} };

function messages(): Message[] {
  return [
    // EventBridge could not invoke the scorer (throttled for 4 h).
    dlqMessage('m1', sample('root-create-access-key.json'), {
      RULE_ARN: `arn:aws:events:us-east-1:${ACCOUNT}:rule/iam-guardian-prod-root-activity`,
      TARGET_ARN: SCORER,
      ERROR_CODE: 'SDK.ThrottlingException',
      ERROR_MESSAGE: 'Rate Exceeded.',
      EXHAUSTED_RETRY_CONDITION: 'MaximumEventAgeExceeded',
      RETRY_ATTEMPTS: '42',
    }),
    // The tamper path's direct SNS target failed (KMS key disabled): replayed through the scorer.
    dlqMessage('m2', sample('stop-logging.json'), { TARGET_ARN: TOPIC, ERROR_CODE: 'SDK.KMSDisabledException', ERROR_MESSAGE: 'key disabled' }),
    // Lambda on-failure destination record of the nightly sweep.
    dlqMessage('m3', {
      version: '1.0',
      timestamp: '2026-11-02T03:16:00.000Z',
      requestContext: { requestId: 'e4b0', functionArn: `${SWEEP}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: scheduled,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'ThrottlingException', errorMessage: 'Rate exceeded' },
    }),
    // Unreadable.
    dlqMessage('m4', 'not json at all'),
  ];
}

useStandInCredentials();
beforeEach(() => {
  sqsMock.reset();
  lambdaMock.reset();
  lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, ExecutedVersion: '$LATEST', Payload: payload('{"ok":true}') });
  cfnMock.reset();
  cfnMock.on(ListStackResourcesCommand).resolves({
    StackResourceSummaries: [
      { LogicalResourceId: 'ChangeScorerLambdaFunction', PhysicalResourceId: 'iam-guardian-prod-change-scorer', ResourceType: 'AWS::Lambda::Function', LastUpdatedTimestamp: new Date('2026-11-01T00:00:00Z'), ResourceStatus: 'CREATE_COMPLETE' },
      { LogicalResourceId: 'NightlySweepLambdaFunction', PhysicalResourceId: 'iam-guardian-prod-nightly-sweep', ResourceType: 'AWS::Lambda::Function', LastUpdatedTimestamp: new Date('2026-11-01T00:00:00Z'), ResourceStatus: 'CREATE_COMPLETE' },
      { LogicalResourceId: 'StateTable', PhysicalResourceId: 'iam-guardian-prod-state', ResourceType: 'AWS::DynamoDB::Table', LastUpdatedTimestamp: new Date('2026-11-01T00:00:00Z'), ResourceStatus: 'CREATE_COMPLETE' },
    ],
  });
});
afterAll(() => {
  sqsMock.restore();
  lambdaMock.restore();
  cfnMock.restore();
});

const sqs = () => new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const lambda = () => new LambdaClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

test('each message is replayed to the right function with the original event, then deleted; garbage is kept', async () => {
  const q = fakeQueue(sqsMock, messages());
  const r = await redriveDlq(sqs(), lambda(), QUEUE, { defaultFunction: SCORER, allowedFunctions: [SCORER, SWEEP] });
  expect(r).toMatchObject({ received: 4, replayed: 3, failed: 0, skipped: 1 });
  const calls = lambdaMock.commandCalls(InvokeCommand).map((c) => ({
    fn: c.args[0].input.FunctionName,
    type: c.args[0].input.InvocationType,
    payload: JSON.parse(new TextDecoder().decode(c.args[0].input.Payload as Uint8Array)) as { detail?: { eventID?: string }; 'detail-type'?: string },
  }));
  expect(calls.map((c) => c.fn)).toEqual([SCORER, SCORER, SWEEP]);
  expect(calls.every((c) => c.type === 'RequestResponse')).toBe(true);
  expect(calls[0].payload.detail?.eventID).toBe(sample('root-create-access-key.json').detail.eventID);
  expect(calls[1].payload.detail?.eventID).toBe(sample('stop-logging.json').detail.eventID);
  expect(calls[2].payload['detail-type']).toBe('Scheduled Event');
  expect(q.deleted.sort()).toEqual(['rh-m1', 'rh-m2', 'rh-m3']);
  expect(r.items.find((i) => i.messageId === 'm1')).toMatchObject({ kind: 'eventbridge-dlq', eventName: 'CreateAccessKey', reason: 'SDK.ThrottlingException: Rate Exceeded.' });
  expect(r.items.find((i) => i.messageId === 'm3')).toMatchObject({ kind: 'lambda-on-failure', reason: 'RetriesExhausted: ThrottlingException: Rate exceeded' });
  expect(r.items.find((i) => i.messageId === 'm4')).toMatchObject({ kind: 'unreadable', status: 'skipped' });
});

test('a replay that fails (function error or invoke error) is not deleted', async () => {
  const q = fakeQueue(sqsMock, messages().slice(0, 3));
  lambdaMock
    .on(InvokeCommand)
    .resolvesOnce({ StatusCode: 200, FunctionError: 'Unhandled', Payload: payload('{"errorType":"InternalErrorException","errorMessage":"SNS unavailable"}') })
    .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }))
    .resolves({ StatusCode: 200 });
  const r = await redriveDlq(sqs(), lambda(), QUEUE, { defaultFunction: SCORER, allowedFunctions: [SCORER, SWEEP] });
  expect(r).toMatchObject({ received: 3, replayed: 1, failed: 2 });
  expect(q.deleted).toEqual(['rh-m3']);
  expect(r.items[0].error).toBe('function error (Unhandled): InternalErrorException: SNS unavailable');
  expect(r.items[1].error).toBe('TooManyRequestsException: Rate exceeded');
});

test('dry run invokes and deletes nothing', async () => {
  const q = fakeQueue(sqsMock, messages());
  const r = await redriveDlq(sqs(), lambda(), QUEUE, { defaultFunction: SCORER, allowedFunctions: [SCORER, SWEEP], dryRun: true });
  expect(r.items.map((i) => i.status)).toEqual(['would-replay', 'would-replay', 'would-replay', 'skipped']);
  expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(0);
  expect(q.deleted).toEqual([]);
});

test('stops at --max and when the queue is empty; a redelivered message id is not replayed twice in one run', async () => {
  const m = messages()[0];
  let n = 0;
  sqsMock.on(ReceiveMessageCommand).callsFake(() => (n++ < 3 ? { Messages: [m] } : {}));
  sqsMock.on(DeleteMessageCommand).resolves({});
  const r = await redriveDlq(sqs(), lambda(), QUEUE, { defaultFunction: SCORER, allowedFunctions: [SCORER, SWEEP] });
  expect(r.received).toBe(1);
  expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(1);
  fakeQueue(sqsMock, messages());
  expect((await redriveDlq(sqs(), lambda(), QUEUE, { defaultFunction: SCORER, allowedFunctions: [SCORER, SWEEP], maxMessages: 2 })).received).toBe(2);
});

test('queue URL parsing', () => {
  expect(queueRegion(QUEUE)).toBe('us-east-1');
  expect(queueRegion(`https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/iam-guardian-forwarder-prod-dlq`)).toBe('eu-west-1');
  expect(() => queueRegion('https://example.com/queue')).toThrow(/not an SQS queue URL/);
});

describe('npx iam-guardian redrive', () => {
  test('--json prints the result; a failed replay exits 1 and stays queued', async () => {
    fakeQueue(sqsMock, messages().slice(0, 1));
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: payload('{}') });
    const io = memoryIo();
    const code = await main(['node', 'iam-guardian', 'redrive', '--queue-url', QUEUE, '--json'], io);
    expect(code).toBe(1);
    expect(JSON.parse(io.stdout)).toMatchObject({ received: 1, replayed: 0, failed: 1 });
  });

  test('text output, default function resolved in the queue account', async () => {
    const q = fakeQueue(sqsMock, messages().slice(1, 2));
    const io = memoryIo();
    const code = await main(['node', 'iam-guardian', 'redrive', '--queue-url', QUEUE], io);
    expect(code).toBe(0);
    expect(lambdaMock.commandCalls(InvokeCommand)[0].args[0].input.FunctionName).toBe(SCORER);
    expect(io.stdout).toMatch(/replayed\s+eventbridge-dlq\s+StopLogging/);
    expect(io.stdout).toMatch(/1 message\(s\): 1 replayed, 0 failed, 0 skipped/);
    expect(q.deleted).toEqual(['rh-m2']);
  });

  test('--dry-run lists without replaying', async () => {
    fakeQueue(sqsMock, messages());
    const io = memoryIo();
    const code = await main(['node', 'iam-guardian', 'redrive', '--queue-url', QUEUE, '--dry-run'], io);
    expect(io.stdout).toMatch(/dry run: 4 message\(s\).*3 would be replayed/);
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(code).toBe(1); // the unreadable message needs a look
  });

  test('--config is checked like every command: a missing file exits 1 before touching the queue', async () => {
    fakeQueue(sqsMock, messages());
    const io = memoryIo();
    expect(await main(['node', 'iam-guardian', 'redrive', '--queue-url', QUEUE, '--config', 'no-such-config.yaml'], io)).toBe(1);
    expect(io.stderr).toMatch(/no-such-config\.yaml.*file not found/);
    expect(sqsMock.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
  });

  test('an invalid queue URL is a clear error, exit 1', async () => {
    const io = memoryIo();
    expect(await main(['node', 'iam-guardian', 'redrive', '--queue-url', 'iam-guardian-prod-events-dlq'], io)).toBe(1);
    expect(io.stderr).toMatch(/not an SQS queue URL/);
  });
});
