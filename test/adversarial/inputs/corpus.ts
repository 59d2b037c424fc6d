/**
 * Hostile INPUT corpus shared by the test/adversarial/inputs-*.test.ts files: events, policies and configs an
 * attacker controls, each with the outcome the monitor must reach. Large or explosive inputs (gzip bombs, deep
 * nesting) are generated at test time, never committed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

type Obj = Record<string, unknown>;

export function sample(name: string): Obj {
  return JSON.parse(readFileSync(join(ROOT, 'events', name), 'utf8')) as Obj;
}

let seq = 0;

/** A PutUserPolicy envelope (fresh eventID) whose inline policy allows `actions` on "*". */
export function putUserPolicy(actions: unknown, extra: Obj = {}): Obj {
  const e = structuredClone(sample('put-user-policy-star.json'));
  const d = e.detail as Obj;
  d.eventID = `adv-${++seq}-0000-0000-0000-000000000000`;
  (d.requestParameters as Obj).policyDocument = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*', ...extra }] });
  return e;
}

/** A JSON value nested `depth` levels deep (built iteratively: the builder itself must not overflow). */
export function deepList(depth: number, leaf: unknown = 'x'): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** The same as text, without ever building the value (JSON.stringify of it could overflow). */
export function deepListText(depth: number, leaf = '"x"'): string {
  return `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
}

/** Hostile events, each expected to yield an alert (never nothing). */
export function hostileEvents(): Array<{ name: string; event: unknown }> {
  const stop = sample('stop-logging.json');
  const nullTarget = structuredClone(stop);
  ((nullTarget.detail as Obj).requestParameters as Obj).name = null;
  const monitor = structuredClone(sample('lambda-delete-function-monitor.json'));
  ((monitor.detail as Obj).requestParameters as Obj).functionName = { arn: 'x' };
  const emptyId = structuredClone(sample('root-create-access-key.json'));
  (emptyId.detail as Obj).eventID = '';
  const numId = structuredClone(sample('root-create-access-key.json'));
  (numId.detail as Obj).eventID = 42;
  const deepDoc = structuredClone(sample('put-user-policy-star.json'));
  ((deepDoc.detail as Obj).requestParameters as Obj).policyDocument =
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:x":${deepListText(5000)}}}}]}`;
  return [
    { name: 'regex bomb: "*:*" and "iam:************x"', event: putUserPolicy(['*:*', 'iam:************x']) },
    { name: 'a 2,000-star action pattern', event: putUserPolicy(['*:*', `iam:${'*'.repeat(2000)}x`]) },
    { name: 'an action pattern over the length limit', event: putUserPolicy(['s3:GetObject', `iam:${'a*'.repeat(3000)}`]) },
    { name: 'a policy nested 5,000 levels deep', event: deepDoc },
    { name: 'StopLogging with a null trail name', event: nullTarget },
    { name: 'DeleteFunction with an object as the function name', event: monitor },
    { name: 'root CreateAccessKey with eventID ""', event: emptyId },
    { name: 'root CreateAccessKey with a numeric eventID', event: numId },
    { name: 'not a JSON object', event: 'StopLogging' },
    { name: 'null', event: null },
  ];
}
