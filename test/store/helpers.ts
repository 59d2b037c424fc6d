import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { tableDefinition } from '../../lib/aws/dynamo-store';
import type { Finding, Severity } from '../../lib/findings/types';
import { findingUid } from '../../lib/findings/finding';

// dynalite ships no types: the factory returns an http.Server.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (opts: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;

export async function startDynalite(tableName: string): Promise<{ client: DynamoDBClient; stop: () => Promise<void> }> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
  });
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  return {
    client,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

export function finding(ruleId: string, resource: string, over: Partial<Finding> = {}, account = '123456789012'): Finding {
  const severity: Severity = over.severity ?? 'high';
  return {
    uid: findingUid(ruleId, account, resource),
    ruleId,
    kind: 'posture',
    severity,
    status: 'new',
    account,
    resource,
    controls: ['IAM.1'],
    title: `${ruleId} title`,
    message: `${ruleId} on ${resource}`,
    fix: { console: ['step one', 'step two'], cli: 'aws iam do-something' },
    firstSeen: '2026-11-01T00:00:00.000Z',
    lastSeen: '2026-11-01T00:00:00.000Z',
    evidence: { keyAgeDays: 120, statement: { Effect: 'Allow', Action: ['*'], Resource: '*' } },
    ...over,
  };
}
