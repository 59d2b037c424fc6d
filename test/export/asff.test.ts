import fc from 'fast-check';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { toAsff, productArn, type AsffFinding } from '../../lib/export/asff';
import { arbFinding, eventFinding, postureFinding, ACCOUNT } from './fixtures';

/** BatchImportFindings' required top-level attributes (API reference, AwsSecurityFinding) and their limits. */
const REQUIRED = ['AwsAccountId', 'CreatedAt', 'Description', 'GeneratorId', 'Id', 'ProductArn', 'Resources', 'SchemaVersion', 'Severity', 'Title', 'Types', 'UpdatedAt'];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const TYPE = /^(Software and Configuration Checks|TTPs|Effects|Unusual Behaviors|Sensitive Data Identifications)(\/[^/]+){0,2}$/;

function asffProblems(a: AsffFinding): string[] {
  const p: string[] = [];
  const rec = a as unknown as Record<string, unknown>;
  for (const k of REQUIRED) if (rec[k] === undefined || rec[k] === '') p.push(`${k} required`);
  if (a.SchemaVersion !== '2018-10-08') p.push('SchemaVersion must be 2018-10-08');
  if (!/^\d{12}$/.test(a.AwsAccountId)) p.push('AwsAccountId must be 12 digits');
  if (!/^arn:aws(-cn|-us-gov)?:securityhub:[a-z0-9-]+:\d{12}:product\/\d{12}\/default$/.test(a.ProductArn)) p.push('ProductArn not the default product');
  if (!a.ProductArn.includes(`:${a.AwsAccountId}:product/${a.AwsAccountId}/default`)) p.push('ProductArn account != AwsAccountId');
  if (a.Id.length > 512) p.push('Id > 512');
  if (a.GeneratorId.length > 512) p.push('GeneratorId > 512');
  if (a.Title.length > 256) p.push('Title > 256');
  if (a.Description.length > 1024) p.push('Description > 1024');
  if (a.Remediation.Recommendation.Text.length > 512) p.push('Recommendation.Text > 512');
  for (const t of [a.CreatedAt, a.UpdatedAt, a.FirstObservedAt, a.LastObservedAt]) if (!RFC3339.test(t)) p.push(`timestamp ${t} not RFC 3339`);
  if (!['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].includes(a.Severity.Label)) p.push('Severity.Label');
  if (a.Types.length === 0 || a.Types.length > 50 || !a.Types.every((t) => TYPE.test(t))) p.push('Types');
  if (a.Resources.length === 0 || a.Resources.length > 32) p.push('Resources count');
  for (const r of a.Resources) if (!r.Id || !r.Type) p.push('Resources[].Id/Type');
  if ((a.Compliance.RelatedRequirements ?? []).length > 32) p.push('RelatedRequirements > 32');
  if (Object.keys(a.ProductFields).length > 50) p.push('ProductFields > 50');
  if (a.Note && a.Note.Text.length > 512) p.push('Note.Text > 512');
  return p;
}

describe('toAsff', () => {
  it('posture finding: every BatchImportFindings required field, default product ARN, compliance', () => {
    const a = toAsff(postureFinding(), { region: 'us-east-1' });
    expect(asffProblems(a)).toEqual([]);
    // Compiles only if the shape is assignable to the SDK's AwsSecurityFinding.
    const sdk: AwsSecurityFinding = a;
    expect(sdk.ProductArn).toBe(`arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`);
    expect(a).toMatchObject({
      SchemaVersion: '2018-10-08',
      GeneratorId: 'iam-guardian/access-key-not-rotated',
      AwsAccountId: ACCOUNT,
      Types: [
        'Software and Configuration Checks/AWS Security Best Practices',
        'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
      ],
      CreatedAt: '2026-10-02T03:00:12.000Z',
      UpdatedAt: '2026-11-29T03:00:09.000Z',
      Severity: { Label: 'MEDIUM', Original: 'medium' },
      Resources: [{ Type: 'AwsIamUser', Id: `arn:aws:iam::${ACCOUNT}:user/alice`, Partition: 'aws', Region: 'us-east-1' }],
      Compliance: {
        Status: 'FAILED',
        RelatedRequirements: ['AWS Foundational Security Best Practices v1.0.0/IAM.3', 'CIS AWS Foundations Benchmark v3.0.0/1.14'],
        SecurityControlId: 'IAM.3',
      },
      Workflow: { Status: 'NEW' },
      RecordState: 'ACTIVE',
    });
    expect(a.Id).toBe(`iam-guardian/posture/access-key-not-rotated/${postureFinding().uid}`);
    expect(a.Remediation.Recommendation.Text).toMatch(/^1\. IAM > Users > alice/);
  });

  it('the Id is stable for the same finding across runs (Security Hub updates instead of duplicating)', () => {
    const a = toAsff(postureFinding({ lastSeen: '2026-11-30T03:00:00.000Z', status: 'open' }), { region: 'us-east-1' });
    expect(a.Id).toBe(toAsff(postureFinding(), { region: 'us-east-1' }).Id);
  });

  it('suppressed → Workflow SUPPRESSED with the reason; resolved → RESOLVED, ARCHIVED, PASSED', () => {
    const s = toAsff(
      postureFinding({ status: 'suppressed', suppression: { reason: 'Break-glass user', owner: 'sec', expires: '2027-01-31', rule: '*', resource: '*' } }),
      { region: 'us-east-1' },
    );
    expect(s.Workflow.Status).toBe('SUPPRESSED');
    expect(s.RecordState).toBe('ACTIVE');
    expect(s.Note?.Text).toBe('Suppressed by iam-guardian configuration: Break-glass user (owner sec); expires 2027-01-31');
    expect(s.ProductFields['iam-guardian/suppression/reason']).toBe('Break-glass user');
    const r = toAsff(postureFinding({ status: 'resolved' }), { region: 'us-east-1' });
    expect([r.Workflow.Status, r.RecordState, r.Compliance.Status]).toEqual(['RESOLVED', 'ARCHIVED', 'PASSED']);
  });

  it('event findings get a TTP type; the partition follows the region', () => {
    const e = toAsff(eventFinding(), { region: 'cn-north-1', accountId: ACCOUNT });
    expect(asffProblems(e)).toEqual([]);
    expect(e.Types).toEqual(['TTPs/Persistence']);
    expect(e.ProductArn).toBe(`arn:aws-cn:securityhub:cn-north-1:${ACCOUNT}:product/${ACCOUNT}/default`);
    expect(e.Resources[0].Partition).toBe('aws-cn');
    expect(e.CreatedAt).toBe('2026-11-29T10:15:00.000Z');
    expect(productArn('us-gov-west-1', ACCOUNT)).toBe(`arn:aws-us-gov:securityhub:us-gov-west-1:${ACCOUNT}:product/${ACCOUNT}/default`);
  });

  it('account-level and root resources are AwsAccount', () => {
    expect(toAsff(postureFinding({ resource: ACCOUNT }), { region: 'us-east-1' }).Resources[0].Type).toBe('AwsAccount');
    expect(toAsff(postureFinding({ resource: `arn:aws:iam::${ACCOUNT}:root` }), { region: 'us-east-1' }).Resources[0].Type).toBe('AwsAccount');
    expect(toAsff(postureFinding({ resource: `arn:aws:iam::${ACCOUNT}:role/x` }), { region: 'us-east-1' }).Resources[0].Type).toBe('AwsIamRole');
    expect(toAsff(postureFinding({ resource: `arn:aws:iam::${ACCOUNT}:policy/p` }), { region: 'us-east-1' }).Resources[0].Type).toBe('AwsIamPolicy');
  });

  it('any finding yields a valid import record within the limits (property, long titles and messages)', () => {
    fc.assert(
      fc.property(arbFinding, fc.constantFrom('us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1'), (f, region) => {
        const a = toAsff(f, { region });
        expect(asffProblems(a)).toEqual([]);
        expect(a.Title).toBe(f.title.length <= 256 ? f.title : `${f.title.slice(0, 255)}…`);
        expect(Buffer.byteLength(JSON.stringify(a))).toBeLessThan(240 * 1024);
      }),
      { numRuns: 300 },
    );
  });
});
