/**
 * Redrive confused deputy (issue 12): a dead-letter message names the function to invoke, and anyone able to send to
 * the queue writes messages. Only the stack's own functions (ListStackResources, or --allow-function) are invoked;
 * a message naming another function is refused, reported and left in the queue.
 */
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { redriveDlq, stackFunctionArns } from '../../../lib/aws/redrive';
import { main } from '../../../lib/cli/main';
import { memoryIo } from '../../../lib/cli/io';
import { fakeQueue } from '../../support/sqs-queue';
import { useStandInCredentials } from '../../support/test-credentials';

const ACCOUNT = '111122223333';
const QUEUE = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/iam-guardian-prod-function-failures`;
const SCORER = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:iam-guardian-prod-change-scorer`;
const SWEEP = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:iam-guardian-prod-nightly-sweep`;
const EVIL = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:attacker-exfiltrate`;
const EVIL_OTHER_ACCOUNT = `arn:aws:lambda:us-east-1:999988887777:function:iam-guardian-prod-change-scorer`;

const sqsMock = mockClient(SQSClient);
const lambdaMock = mockClient(LambdaClient);
const cfnMock = mockClient(CloudFormationClient);
const payload = (text: string) => new TextEncoder().encode(text) as InvokeCommandOutput['Payload'];

const event = { version: '0', id: 'e1', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.iam', account: ACCOUNT, time: '2026-11-02T10:00:00Z', region: 'us-east-1', resources: [], detail: { eventID: 'abc', eventName: 'CreateAccessKey' } };

function onFailure(id: string, functionArn: string): Message {
  return {
    MessageId: id,
    ReceiptHandle: `rh-${id}`,
    Body: JSON.stringify({
      version: '1.0',
      timestamp: '2026-11-02T10:01:00.000Z',
      requestContext: { requestId: 'r', functionArn, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'boom' },
    }),
  };
}

function ebDlq(id: string, target: string): Message {
  return { MessageId: id, ReceiptHandle: `rh-${id}`, Body: JSON.stringify(event), MessageAttributes: { TARGET_ARN: { DataType: 'String', StringValue: target }, ERROR_CODE: { DataType: 'String', StringValue: 'SDK.ThrottlingException' } } };
}

function queue(messages: Message[]) {
  return fakeQueue(sqsMock, messages);
}

const summary = (name: string, type = 'AWS::Lambda::Function') => ({ LogicalResourceId: name, PhysicalResourceId: name, ResourceType: type, LastUpdatedTimestamp: new Date('2026-11-01T00:00:00Z'), ResourceStatus: 'CREATE_COMPLETE' as const });

useStandInCredentials();
beforeEach(() => {
  sqsMock.reset();
  lambdaMock.reset();
  cfnMock.reset();
  lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload('{}') });
  cfnMock
    .on(ListStackResourcesCommand)
    .resolvesOnce({ StackResourceSummaries: [summary('iam-guardian-prod-change-scorer'), summary('iam-guardian-prod-state', 'AWS::DynamoDB::Table')], NextToken: 'p2' })
    .resolves({ StackResourceSummaries: [summary('iam-guardian-prod-nightly-sweep')] });
});
afterAll(() => {
  sqsMock.restore();
  lambdaMock.restore();
  cfnMock.restore();
});

const clients = () => [new SQSClient({ region: 'us-east-1' }), new LambdaClient({ region: 'us-east-1' })] as const;

test("the stack's functions come from all pages of ListStackResources", async () => {
  expect(await stackFunctionArns(new CloudFormationClient({ region: 'us-east-1' }), 'iam-guardian-prod', 'us-east-1', ACCOUNT)).toEqual([SCORER, SWEEP]);
  expect(cfnMock.commandCalls(ListStackResourcesCommand).map((c) => c.args[0].input)).toEqual([{ StackName: 'iam-guardian-prod', NextToken: undefined }, { StackName: 'iam-guardian-prod', NextToken: 'p2' }]);
});

test('a message naming a function outside the stack is refused and left in the queue; the others are replayed', async () => {
  const q = queue([onFailure('good', `${SWEEP}:$LATEST`), onFailure('evil', EVIL), onFailure('evil2', EVIL_OTHER_ACCOUNT), ebDlq('evil3', `${EVIL}:prod`), ebDlq('good2', SCORER)]);
  const [sqs, lambda] = clients();
  const r = await redriveDlq(sqs, lambda, QUEUE, { defaultFunction: SCORER, allowedFunctions: [SCORER, SWEEP] });
  expect(r).toMatchObject({ received: 5, replayed: 2, refused: 3, failed: 0 });
  expect(lambdaMock.commandCalls(InvokeCommand).map((c) => c.args[0].input.FunctionName)).toEqual([SWEEP, SCORER]);
  expect(q.deleted.sort()).toEqual(['rh-good', 'rh-good2']);
  const refused = r.items.filter((i) => i.status === 'refused');
  expect(refused.map((i) => i.functionName)).toEqual([EVIL, EVIL_OTHER_ACCOUNT, `${EVIL}:prod`]);
  expect(refused[0].error).toMatch(/not one of the stack's functions; not invoked, left in the queue/);
});

test('dry run reports refusals too', async () => {
  queue([onFailure('evil', EVIL)]);
  const [sqs, lambda] = clients();
  const r = await redriveDlq(sqs, lambda, QUEUE, { defaultFunction: SCORER, allowedFunctions: [SCORER], dryRun: true });
  expect(r.items.map((i) => i.status)).toEqual(['refused']);
  expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(0);
});

test('a default function outside the allowed list is an error before anything is received', async () => {
  queue([ebDlq('m', SCORER)]);
  const [sqs, lambda] = clients();
  await expect(redriveDlq(sqs, lambda, QUEUE, { defaultFunction: EVIL, allowedFunctions: [SCORER] })).rejects.toThrow(/not one of the stack's functions/);
  expect(sqsMock.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
});

describe('npx iam-guardian redrive', () => {
  test('reads the stack, refuses the forged function, exits 1 and says so', async () => {
    const q = queue([onFailure('evil', EVIL), ebDlq('good', SCORER)]);
    const io = memoryIo();
    const code = await main(['node', 'iam-guardian', 'redrive', '--queue-url', QUEUE], io);
    expect(code).toBe(1);
    expect(lambdaMock.commandCalls(InvokeCommand).map((c) => c.args[0].input.FunctionName)).toEqual([SCORER]);
    expect(q.deleted).toEqual(['rh-good']);
    expect(io.stdout).toMatch(/refused\s+lambda-on-failure .*attacker-exfiltrate is not one of the stack's functions/);
    expect(io.stdout).toMatch(/1 refused \(function not in the stack; left in the queue\)/);
  });

  test('--allow-function replaces the stack lookup', async () => {
    queue([onFailure('m', SWEEP)]);
    const io = memoryIo();
    const code = await main(['node', 'iam-guardian', 'redrive', '--queue-url', QUEUE, '--allow-function', SCORER, '--json'], io);
    expect(cfnMock.commandCalls(ListStackResourcesCommand)).toHaveLength(0);
    expect(JSON.parse(io.stdout)).toMatchObject({ refused: 1, replayed: 0 });
    expect(code).toBe(1);
  });

  test('an unreadable stack is a clear error before the queue is touched', async () => {
    cfnMock.reset();
    cfnMock.on(ListStackResourcesCommand).rejects(Object.assign(new Error('Stack with id nope does not exist'), { name: 'ValidationError' }));
    queue([ebDlq('m', SCORER)]);
    const io = memoryIo();
    expect(await main(['node', 'iam-guardian', 'redrive', '--queue-url', QUEUE, '--stack', 'nope'], io)).toBe(1);
    expect(io.stderr).toMatch(/cannot read the functions of stack nope \(ValidationError: Stack with id nope does not exist\); give --stack NAME or --allow-function/);
    expect(sqsMock.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
  });
});
