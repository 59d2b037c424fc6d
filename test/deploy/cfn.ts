/**
 * Resolves the CloudFormation intrinsics the deploy tests meet (Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::If over the
 * template's Conditions) to concrete
 * values for a fixed account, so role policies can be compared and analysed as real IAM documents.
 */
import type { CfnTemplate } from './packaged';

export const TEST_ACCOUNT = '111122223333';
export const TEST_REGION = 'us-east-1';

/** The ARN (GetAtt Arn) and Ref value of each resource, by type, for the test account. */
function refAndArn(t: CfnTemplate, id: string): { ref: string; arn: string } {
  const r = t.Resources[id];
  if (!r) throw new Error(`template has no resource ${id}`);
  if (!created(t, id)) throw new Error(`resource ${id} is referenced but not created (its condition is false)`);
  const p = r.Properties ?? {};
  const name = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : `${id.toLowerCase()}-generated`);
  const a = `${TEST_REGION}:${TEST_ACCOUNT}`;
  switch (r.Type) {
    case 'AWS::SNS::Topic':
      return { ref: `arn:aws:sns:${a}:${name('TopicName')}`, arn: `arn:aws:sns:${a}:${name('TopicName')}` };
    case 'AWS::SQS::Queue':
      return { ref: `https://sqs.${TEST_REGION}.amazonaws.com/${TEST_ACCOUNT}/${name('QueueName')}`, arn: `arn:aws:sqs:${a}:${name('QueueName')}` };
    case 'AWS::DynamoDB::Table':
      return { ref: name('TableName'), arn: `arn:aws:dynamodb:${a}:table/${name('TableName')}` };
    case 'AWS::S3::Bucket':
      return { ref: 'iam-guardian-report-bucket', arn: 'arn:aws:s3:::iam-guardian-report-bucket' };
    case 'AWS::KMS::Key':
      return { ref: '1234abcd-12ab-34cd-56ef-1234567890ab', arn: `arn:aws:kms:${a}:key/1234abcd-12ab-34cd-56ef-1234567890ab` };
    case 'AWS::Lambda::Function':
      return { ref: name('FunctionName'), arn: `arn:aws:lambda:${a}:function:${name('FunctionName')}` };
    case 'AWS::Events::Rule': {
      // A rule on a custom bus: Ref is "bus|rule" and the ARN names the bus (CloudFormation AWS::Events::Rule).
      const bus = p.EventBusName === undefined ? undefined : String(resolve(t, p.EventBusName));
      if (bus && bus !== 'default') return { ref: `${bus}|${name('Name')}`, arn: `arn:aws:events:${a}:rule/${bus}/${name('Name')}` };
      return { ref: name('Name'), arn: `arn:aws:events:${a}:rule/${name('Name')}` };
    }
    case 'AWS::Events::EventBus':
      return { ref: name('Name'), arn: `arn:aws:events:${a}:event-bus/${name('Name')}` };
    case 'AWS::IAM::Role':
      return { ref: name('RoleName'), arn: `arn:aws:iam::${TEST_ACCOUNT}:role/${name('RoleName')}` };
    default:
      return { ref: id, arn: `arn:aws:unknown:${a}:${id}` };
  }
}

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': TEST_REGION,
  'AWS::AccountId': TEST_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

/** Evaluates a condition expression (Fn::Equals / Not / And / Or, or a named condition) of the template. */
export function condition(t: CfnTemplate, c: unknown): boolean {
  if (typeof c === 'string') return condition(t, t.Conditions?.[c]);
  const o = (c ?? {}) as Record<string, unknown>;
  if ('Condition' in o) return condition(t, o.Condition);
  if ('Fn::Equals' in o) {
    const [a, b] = o['Fn::Equals'] as [unknown, unknown];
    return JSON.stringify(resolve(t, a)) === JSON.stringify(resolve(t, b));
  }
  if ('Fn::Not' in o) return !condition(t, (o['Fn::Not'] as unknown[])[0]);
  if ('Fn::And' in o) return (o['Fn::And'] as unknown[]).every((x) => condition(t, x));
  if ('Fn::Or' in o) return (o['Fn::Or'] as unknown[]).some((x) => condition(t, x));
  throw new Error(`unsupported condition ${JSON.stringify(c)}`);
}

/** Whether a resource is created (no Condition, or its condition holds). */
export function created(t: CfnTemplate, id: string): boolean {
  const c = t.Resources[id]?.Condition;
  return c === undefined || condition(t, c);
}

/** What `Ref: AWS::NoValue` resolves to: dropped from the list or object holding it (as CloudFormation does). */
const NO_VALUE = Symbol('AWS::NoValue');

/** Deeply resolves intrinsics in `v`. */
export function resolve(t: CfnTemplate, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => resolve(t, x)).filter((x) => x !== NO_VALUE);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1) {
    const [k] = keys;
    const arg = o[k];
    if (k === 'Ref' && arg === 'AWS::NoValue') return NO_VALUE;
    if (k === 'Ref') {
      const param = t.Parameters?.[arg as string];
      if (param) return param.Default ?? '';
      return PSEUDO[arg as string] ?? refAndArn(t, arg as string).ref;
    }
    if (k === 'Fn::If') {
      const [c, yes, no] = arg as [string, unknown, unknown];
      return resolve(t, condition(t, c) ? yes : no);
    }
    if (k === 'Fn::GetAtt') {
      const [id, attr] = arg as [string, string];
      if (attr === 'Arn') return refAndArn(t, id).arn;
      if (attr === 'QueueName') return refAndArn(t, id).arn.split(':').pop();
      return `${id}.${attr}`;
    }
    if (k === 'Fn::Sub') {
      const [tpl, vars] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, Record<string, unknown>];
      return tpl.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
        if (vars[name] !== undefined) return String(resolve(t, vars[name]));
        if (PSEUDO[name]) return PSEUDO[name];
        if (t.Parameters?.[name]) return t.Parameters[name].Default ?? '';
        const [id, attr] = name.split('.');
        if (attr === 'Arn') return refAndArn(t, id).arn;
        return refAndArn(t, id).ref;
      });
    }
    if (k === 'Fn::Join') {
      const [sep, parts] = arg as [string, unknown[]];
      return parts.map((p) => resolve(t, p)).join(sep);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, resolve(t, o[k])]).filter(([, x]) => x !== NO_VALUE));
}

export interface RoleStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}

/** Every inline policy statement of a role, resolved. */
export function roleStatements(t: CfnTemplate, roleId: string): RoleStatement[] {
  const role = t.Resources[roleId];
  const policies = (role.Properties.Policies as Array<{ PolicyDocument: { Statement: unknown[] } }>) ?? [];
  return policies.flatMap((p) => resolve(t, p.PolicyDocument.Statement) as RoleStatement[]);
}

export const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** action → sorted resources, over all Allow statements of a role. */
export function permissionMap(t: CfnTemplate, roleId: string): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const s of roleStatements(t, roleId)) {
    if (s.Effect !== 'Allow') continue;
    for (const a of list(s.Action)) for (const r of list(s.Resource)) (out[a] ??= new Set()).add(r);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)).map(([a, rs]) => [a, [...rs].sort()]));
}
