import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BatchImportFindingsCommand, SecurityHubClient, InvalidAccessException } from '@aws-sdk/client-securityhub';
import { batchFindings, importFindings, sendFindingsToSecurityHub, MAX_FINDINGS_PER_CALL } from '../../lib/aws/securityhub';
import { toAsff, type AsffFinding } from '../../lib/export/asff';
import { findingUid } from '../../lib/findings/finding';
import { postureFinding, eventFinding, ACCOUNT } from './fixtures';

const sh = mockClient(SecurityHubClient);
const client = new SecurityHubClient({ region: 'us-east-1' });

function asff(n: number): AsffFinding[] {
  return Array.from({ length: n }, (_, i) => {
    const resource = `arn:aws:iam::${ACCOUNT}:user/u${i}`;
    return toAsff(postureFinding({ resource, uid: findingUid('access-key-not-rotated', ACCOUNT, resource) }), { region: 'us-east-1' });
  });
}

beforeEach(() => sh.reset());

describe('importFindings', () => {
  it('sends batches of at most 100 and counts successes', async () => {
    sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({
      FailedCount: 0,
      SuccessCount: input.Findings.length,
      FailedFindings: [],
    }));
    const r = await importFindings(client, asff(250));
    expect(r).toEqual({ imported: 250, failed: [], calls: 3 });
    const sizes = sh.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings?.length);
    expect(sizes).toEqual([100, 100, 50]);
    expect(MAX_FINDINGS_PER_CALL).toBe(100);
  });

  it('reports FailedFindings and retries the throttled ones once', async () => {
    const findings = asff(3);
    sh.on(BatchImportFindingsCommand)
      .resolvesOnce({
        FailedCount: 2,
        SuccessCount: 1,
        FailedFindings: [
          { Id: findings[1].Id, ErrorCode: 'InvalidInput', ErrorMessage: 'Finding does not adhere to Amazon Finding Format. data.Title should NOT be shorter than 1 characters.' },
          { Id: findings[2].Id, ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
        ],
      })
      .resolvesOnce({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    const r = await importFindings(client, findings);
    expect(r.imported).toBe(2);
    expect(r.calls).toBe(2);
    expect(r.failed).toEqual([{ id: findings[1].Id, code: 'InvalidInput', message: expect.stringContaining('Amazon Finding Format') }]);
    expect(sh.commandCalls(BatchImportFindingsCommand)[1].args[0].input.Findings?.map((f) => f.Id)).toEqual([findings[2].Id]);
  });

  it('a call that fails (Security Hub not enabled) is reported per finding, and later batches still go', async () => {
    sh.on(BatchImportFindingsCommand)
      .rejectsOnce(new InvalidAccessException({ message: 'Account 111122223333 is not subscribed to AWS Security Hub', $metadata: {} }))
      .resolves({ FailedCount: 0, SuccessCount: 5, FailedFindings: [] });
    const r = await importFindings(client, asff(105));
    expect(r.imported).toBe(5);
    expect(r.failed).toHaveLength(100);
    expect(r.failed[0]).toEqual({ id: expect.any(String), code: 'InvalidAccessException', message: 'Account 111122223333 is not subscribed to AWS Security Hub' });
  });

  it('a finding over 240 KB is not sent and is reported', async () => {
    sh.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    const [ok, big] = asff(2);
    big.ProductFields['iam-guardian/huge'] = 'x'.repeat(250 * 1024);
    const { batches, oversize } = batchFindings([ok, big]);
    expect(batches).toEqual([[ok]]);
    expect(oversize).toEqual([big]);
    const r = await importFindings(client, [ok, big]);
    expect(r.failed).toEqual([{ id: big.Id, code: 'FindingTooLarge', message: expect.stringContaining('245760') }]);
    expect(r.imported).toBe(1);
  });

  it('batches stay under the 6 MB request limit', () => {
    const findings = asff(60).map((f) => ({ ...f, ProductFields: { ...f.ProductFields, pad: 'y'.repeat(200 * 1024) } }));
    const { batches } = batchFindings(findings);
    for (const b of batches) expect(Buffer.byteLength(JSON.stringify(b))).toBeLessThan(6 * 1024 * 1024);
    expect(batches.flat()).toHaveLength(60);
    expect(batches.length).toBeGreaterThan(1);
  });
});

describe('sendFindingsToSecurityHub', () => {
  it('maps findings to ASFF of the default product and imports them', async () => {
    sh.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 3, FailedFindings: [] });
    const findings = [postureFinding(), postureFinding({ status: 'resolved', resource: ACCOUNT, uid: 'x' }), eventFinding({ status: 'suppressed', suppression: { reason: 'r', expires: '2099-01-01', rule: '*', resource: '*' } })];
    const r = await sendFindingsToSecurityHub(client, findings, { region: 'us-east-1' });
    expect(r).toEqual({ imported: 3, failed: [], calls: 1 });
    const sent = sh.commandCalls(BatchImportFindingsCommand)[0].args[0].input.Findings ?? [];
    expect(sent.map((f) => [f.ProductArn, f.RecordState, f.Workflow?.Status])).toEqual([
      [`arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`, 'ACTIVE', 'NEW'],
      [`arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`, 'ARCHIVED', 'RESOLVED'],
      [`arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`, 'ACTIVE', 'SUPPRESSED'],
    ]);
  });
});
