/**
 * The weekly-report Lambda under hostile stored history (issue 12). Items are written raw into the state table
 * (dynalite), as anyone with write access to it, or a bug in an older version, could leave them: terminal escapes,
 * bidi marks, forged lines and HTML in names and subjects, unknown severities, wrong types, missing fields, huge
 * values. Each history leads to exactly one published report (or a thrown error, which Lambda retries and
 * dead-letters); the published text has no raw control character; the sane finding stored alongside is still counted.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { Logger } from '@aws-lambda-powertools/logger';
import { createReport } from '../../functions/weekly-report';
import { DynamoStore } from '../../lib/aws/dynamo-store';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { createStateTable, startDynalite, type LocalDynamo } from '../functions/dynalite-server';

jest.setTimeout(120_000);

const ACCOUNT = '111122223333';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:iam-guardian-prod-alerts`;
const BUCKET = 'iam-guardian-prod-reportbucket-1a2b3c4d5e6f';
const creds = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' };
const NOW = '2026-11-02T07:00:00.000Z';
const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
let dynamo: LocalDynamo;

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;
const EVIL = 'x\u001b]8;;http://evil\u0007\u001b[2J\r\nWho: root\u202e<script>alert(1)</script>$(reboot)\u0000';

const SANE_FINDING = {
  uid: 'sane-1',
  ruleId: 'admin-access',
  kind: 'posture',
  severity: 'critical',
  status: 'open',
  account: ACCOUNT,
  resource: `arn:aws:iam::${ACCOUNT}:user/sane-admin`,
  controls: [],
  title: 'Administrator access',
  message: 'IAM user sane-admin has administrator access.',
  fix: { console: ['Detach the policy.'], cli: 'aws iam detach-user-policy' },
  firstSeen: '2026-10-30T03:00:00Z',
  lastSeen: '2026-11-02T03:00:00Z',
  evidence: {},
};

type Item = Record<string, unknown>;
const finding = (over: Item): Item => ({ ...SANE_FINDING, uid: `h-${Math.random().toString(36).slice(2)}`, ...over });
const sweepItem = (time: string, over: Item = {}): Item => ({ account: ACCOUNT, time, score: 60, counts: { critical: 1, high: 0, medium: 0, low: 0, info: 0 }, ...over });
const alertItem = (time: string, over: Item = {}): Item => ({ account: ACCOUNT, eventId: `e-${time}`, time, ruleIds: ['admin-granted'], severity: 'critical', score: 95, subject: 's', lines: ['l'], ...over });

const HISTORIES: { name: string; findings?: Item[]; sweeps?: Item[]; alerts?: Item[] }[] = [
  { name: 'control characters, bidi, HTML and shell text in finding fields', findings: [finding({ resource: `arn:aws:iam::${ACCOUNT}:user/${EVIL}`, message: EVIL, title: EVIL, ruleId: EVIL })] },
  { name: 'unknown severity and status, wrong types', findings: [finding({ severity: '"><img src=x onerror=alert(1)>', status: 42, controls: 'CIS', evidence: 'x', fix: null })] },
  { name: 'missing fields and a huge message', findings: [{ uid: 'bare', account: ACCOUNT }, finding({ message: 'A'.repeat(300_000) + EVIL })] },
  { name: 'hostile alerts (forged lines in subject and lines, bidi actor)', alerts: [alertItem('2026-11-01T10:00:00.000Z', { subject: EVIL, lines: [EVIL, 42, null], actor: EVIL, sourceIp: EVIL, eventName: EVIL, severity: 'urgent', score: 'high', ruleIds: EVIL })] },
  {
    name: 'hostile sweeps (score not a number or out of range, counts broken, account and time fields of another type)',
    sweeps: [sweepItem('2026-11-01T03:00:00.000Z', { score: EVIL, counts: { critical: 'many', evil: -1 } }), sweepItem('2026-11-02T03:00:00.000Z', { score: -12345, counts: null, account: 7, extra: EVIL })],
  },
];

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
  s3.restore();
  sns.restore();
});
beforeEach(() => {
  s3.reset();
  sns.reset();
  s3.on(PutObjectCommand).resolves({ ETag: '"e"' });
  sns.on(PublishCommand).resolves({ MessageId: 'report-1' });
});

let tableN = 0;
async function table(h: (typeof HISTORIES)[number]): Promise<string> {
  const name = `iam-guardian-report-adversarial-${++tableN}`;
  await createStateTable(dynamo.client, name);
  const put = (item: Item, sk: string, type: string) =>
    dynamo.client.send(new PutItemCommand({ TableName: name, Item: marshall({ ...item, pk: `ACCOUNT#${ACCOUNT}`, sk, type }, { removeUndefinedValues: true, convertClassInstanceToMap: true }) }));
  await put(SANE_FINDING, `FINDING#${SANE_FINDING.uid}`, 'finding');
  await put(sweepItem('2026-10-26T03:00:00.000Z'), 'SWEEP#2026-10-26T03:00:00.000Z', 'sweep');
  for (const f of h.findings ?? []) await put(f, `FINDING#${String(f.uid)}`, 'finding');
  for (const s of h.sweeps ?? []) await put(s, `SWEEP#${String(s.time)}`, 'sweep');
  for (const a of h.alerts ?? []) await put(a, `ALERT#${String(a.time)}#${String(a.eventId)}`, 'alert');
  return name;
}

describe('weekly report: one report per hostile history', () => {
  it.each(HISTORIES.map((h) => [h.name, h] as const))('%s', async (_name, h) => {
    const tableName = await table(h);
    const warnings: string[] = [];
    const report = createReport({
      store: new DynamoStore(dynamo.client, tableName, { onWarning: (m) => warnings.push(m) }),
      s3: new S3Client({ region: 'us-east-1', credentials: creds }),
      bucket: BUCKET,
      sns: new SNSClient({ region: 'us-east-1', credentials: creds }),
      topicArn: TOPIC,
      config: DEFAULT_CONFIG,
      logger: new Logger({ logLevel: 'SILENT' }),
      now: () => NOW,
    });
    const t = performance.now();
    let threw = false;
    try {
      await report.handle(ACCOUNT);
    } catch {
      threw = true; // Lambda retries, then the on-failure destination keeps it: not silent.
    }
    expect(performance.now() - t).toBeLessThan(60_000);
    const published = sns.commandCalls(PublishCommand);
    expect(published.length + (threw ? 1 : 0)).toBe(1);
    expect(threw).toBe(false); // a bad record must not cost the account its weekly report
    const input = published[0].args[0].input;
    expect(input.Subject ?? '').not.toMatch(RAW_CONTROL);
    expect(input.Subject ?? '').not.toMatch(/[\r\n]/);
    expect(input.Message ?? '').not.toMatch(RAW_CONTROL);
    expect(input.Message ?? '').not.toMatch(/^Who: root/m);
    // The sane critical finding is still counted, and the archived HTML carries no live script.
    expect(input.Message ?? '').toMatch(/critical/i);
    const html = String(s3.commandCalls(PutObjectCommand)[0].args[0].input.Body);
    expect(html).not.toMatch(/<script>alert|<img src=x/);
    expect(html).toContain('sane-admin');
    // Records of the wrong shape are read with safe values and said so (lib/store/validate.ts), never silently.
    if (/wrong types|missing fields|broken/.test(h.name)) expect(warnings.length).toBeGreaterThan(0);
  });
});
