/**
 * AWS Security Finding Format (ASFF) export for Security Hub BatchImportFindings, as a finding of the account's own
 * default product (`arn:<partition>:securityhub:<region>:<account>:product/<account>/default`).
 *
 * Required by BatchImportFindings: SchemaVersion, Id, ProductArn, GeneratorId, AwsAccountId, Types, CreatedAt,
 * UpdatedAt, Severity, Title, Description, Resources [{Type, Id}]. Limits honoured: Title ≤ 256, Description ≤ 1024,
 * Remediation.Recommendation.Text ≤ 512, Compliance.RelatedRequirements ≤ 32 items.
 *
 * Workflow: suppressed → SUPPRESSED, resolved → RESOLVED (+ RecordState ARCHIVED, Compliance PASSED), else NEW.
 * Security Hub only takes Workflow from the first import of a finding (later changes belong to the customer's
 * BatchUpdateFindings); Severity and Types are also sent in FindingProviderFields, which providers may update.
 *
 * Pure: the types below mirror the SDK's AwsSecurityFinding shape without importing the SDK.
 */
import type { Finding, Severity } from '../findings/types';
import { PRODUCT_NAME, controlRequirements, fixText, partitionOf, resourceType, truncate } from './common';

export const ASFF_SCHEMA_VERSION = '2018-10-08';

export type AsffPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

export type AsffSeverityLabel = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

export interface AsffFinding {
  SchemaVersion: string;
  Id: string;
  ProductArn: string;
  ProductName: string;
  CompanyName: string;
  GeneratorId: string;
  AwsAccountId: string;
  Region: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  FirstObservedAt: string;
  LastObservedAt: string;
  Severity: { Label: AsffSeverityLabel; Original: string };
  Title: string;
  Description: string;
  Remediation: { Recommendation: { Text: string } };
  ProductFields: Record<string, string>;
  Resources: { Type: string; Id: string; Partition: AsffPartition; Region: string }[];
  Compliance: { Status: 'PASSED' | 'FAILED'; RelatedRequirements?: string[]; SecurityControlId?: string };
  Workflow: { Status: 'NEW' | 'SUPPRESSED' | 'RESOLVED' };
  RecordState: 'ACTIVE' | 'ARCHIVED';
  FindingProviderFields: { Severity: { Label: AsffSeverityLabel; Original: string }; Types: string[] };
  Note?: { Text: string; UpdatedBy: string; UpdatedAt: string };
}

export interface AsffContext {
  region: string;
  /** The account importing (must equal the finding's account for the default product ARN). Default: finding.account. */
  accountId?: string;
  /** Timestamp for Note.UpdatedAt on suppressed findings. Default: finding.lastSeen. */
  now?: string;
}

const LABEL: Record<Severity, AsffSeverityLabel> = {
  info: 'INFORMATIONAL',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  critical: 'CRITICAL',
};

/** Security Hub finding type taxonomy (namespace/category/classifier). */
export function asffTypes(f: Pick<Finding, 'kind' | 'ruleId' | 'controls'>): string[] {
  const types: string[] = [];
  if (f.kind === 'posture') {
    types.push('Software and Configuration Checks/AWS Security Best Practices');
    if (f.controls.some((c) => /^CIS[- ]/i.test(c)))
      types.push('Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark');
  } else if (/privilege-escalation|admin-granted|permissive-policy/.test(f.ruleId)) {
    types.push('TTPs/Privilege Escalation');
  } else if (/tampered|permissions-boundary-removed|mfa-removed|password-policy-weakened/.test(f.ruleId)) {
    types.push('TTPs/Defense Evasion');
  } else if (/access-key-created|login-profile|trust-policy/.test(f.ruleId)) {
    types.push('TTPs/Persistence');
  } else if (/sign-in|root-/.test(f.ruleId)) {
    types.push('Unusual Behaviors/User');
  } else {
    types.push('Software and Configuration Checks/AWS Security Best Practices');
  }
  return types;
}

/** Normalises an ISO timestamp to the RFC 3339 form Security Hub accepts (falls back to the input). */
function iso(t: string): string {
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? t : new Date(ms).toISOString();
}

export function productArn(region: string, accountId: string): string {
  return `arn:${partitionOf(region)}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

export function toAsff(f: Finding, ctx: AsffContext): AsffFinding {
  const accountId = ctx.accountId ?? f.account;
  const partition: AsffPartition = partitionOf(ctx.region);
  const label = LABEL[f.severity];
  const types = asffTypes(f);
  const resolved = f.status === 'resolved';
  const suppressed = f.status === 'suppressed';
  const requirements = controlRequirements(f.controls).slice(0, 32);
  const out: AsffFinding = {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    // Stable across runs (same uid → Security Hub updates the finding instead of creating another).
    Id: `${PRODUCT_NAME}/${f.kind}/${f.ruleId}/${f.uid}`,
    ProductArn: productArn(ctx.region, accountId),
    ProductName: PRODUCT_NAME,
    CompanyName: PRODUCT_NAME,
    GeneratorId: `${PRODUCT_NAME}/${f.ruleId}`,
    AwsAccountId: accountId,
    Region: ctx.region,
    Types: types,
    CreatedAt: iso(f.firstSeen),
    UpdatedAt: iso(f.lastSeen),
    FirstObservedAt: iso(f.firstSeen),
    LastObservedAt: iso(f.lastSeen),
    Severity: { Label: label, Original: f.severity },
    Title: truncate(f.title, 256),
    Description: truncate(f.message, 1024),
    Remediation: { Recommendation: { Text: truncate(fixText(f) || 'See the rule documentation.', 512) } },
    ProductFields: {
      'iam-guardian/ruleId': f.ruleId,
      'iam-guardian/uid': f.uid,
      'iam-guardian/status': f.status,
      'iam-guardian/kind': f.kind,
    },
    Resources: [{ Type: resourceType(f.resource), Id: f.resource, Partition: partition, Region: ctx.region }],
    Compliance: { Status: resolved ? 'PASSED' : 'FAILED', ...(requirements.length > 0 ? { RelatedRequirements: requirements } : {}) },
    Workflow: { Status: suppressed ? 'SUPPRESSED' : resolved ? 'RESOLVED' : 'NEW' },
    RecordState: resolved ? 'ARCHIVED' : 'ACTIVE',
    FindingProviderFields: { Severity: { Label: label, Original: f.severity }, Types: [...types] },
  };
  const shControl = f.controls.find((c) => /^[A-Za-z][A-Za-z0-9]*\.\d+$/.test(c));
  if (shControl) out.Compliance.SecurityControlId = shControl;
  if (suppressed && f.suppression) {
    const s = f.suppression;
    out.ProductFields['iam-guardian/suppression/reason'] = truncate(s.reason, 1024);
    out.ProductFields['iam-guardian/suppression/expires'] = s.expires;
    if (s.owner) out.ProductFields['iam-guardian/suppression/owner'] = truncate(s.owner, 1024);
    out.Note = {
      Text: truncate(`Suppressed by iam-guardian configuration: ${s.reason}${s.owner ? ` (owner ${s.owner})` : ''}; expires ${s.expires}`, 512),
      UpdatedBy: PRODUCT_NAME,
      UpdatedAt: iso(ctx.now ?? f.lastSeen),
    };
  }
  return out;
}
