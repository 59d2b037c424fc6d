/** Helpers shared by the export formats: product identity, resource types, control → standard names. */
import pkg from '../../package.json';
import type { Finding } from '../findings/types';

export const PRODUCT_NAME = 'iam-guardian';
export const PRODUCT_VENDOR = 'iam-guardian';
export const PRODUCT_VERSION: string = pkg.version;

/** Versions of the standards our `controls` ids refer to (see shared/peers.md: CIS v3, Security Hub FSBP). */
export const CIS_STANDARD = 'CIS AWS Foundations Benchmark v3.0.0';
export const FSBP_STANDARD = 'AWS Foundational Security Best Practices v1.0.0';

/** `CIS-1.4` → {standard: CIS…, id: '1.4'}; `IAM.4` → {standard: FSBP…, id: 'IAM.4'}; anything else: standard undefined. */
export function splitControl(control: string): { standard?: string; id: string } {
  const cis = /^CIS[- ](.+)$/i.exec(control);
  if (cis) return { standard: CIS_STANDARD, id: cis[1] };
  if (/^[A-Za-z][A-Za-z0-9]*\.\d+$/.test(control)) return { standard: FSBP_STANDARD, id: control };
  return { id: control };
}

/** "Standard/Id" strings (the ASFF Compliance.RelatedRequirements convention). */
export function controlRequirements(controls: readonly string[]): string[] {
  return controls.map((c) => {
    const s = splitControl(c);
    return s.standard ? `${s.standard}/${s.id}` : c;
  });
}

export function controlStandards(controls: readonly string[]): string[] {
  const out = new Set<string>();
  for (const c of controls) {
    const s = splitControl(c).standard;
    if (s) out.add(s);
  }
  return [...out];
}

/**
 * The Security Hub resource type of a finding's resource (ARN or 12-digit account id). These names are also used in
 * OCSF `resources[].type`.
 */
export function resourceType(resource: string): string {
  if (/^\d{12}$/.test(resource)) return 'AwsAccount';
  const m = /^arn:[^:]+:([^:]*):[^:]*:[^:]*:(.*)$/.exec(resource);
  if (!m) return 'Other';
  const [, service, rest] = m;
  if (service === 'iam') {
    if (rest === 'root') return 'AwsAccount';
    if (rest.startsWith('user/')) return 'AwsIamUser';
    if (rest.startsWith('role/')) return 'AwsIamRole';
    if (rest.startsWith('group/')) return 'AwsIamGroup';
    if (rest.startsWith('policy/')) return 'AwsIamPolicy';
    if (rest.startsWith('server-certificate/')) return 'Other';
    return 'Other';
  }
  if (service === 'cloudtrail') return 'AwsCloudTrailTrail';
  if (service === 'sns') return 'AwsSnsTopic';
  if (service === 'lambda') return 'AwsLambdaFunction';
  if (service === 'dynamodb') return 'AwsDynamoDbTable';
  if (service === 's3') return 'AwsS3Bucket';
  if (service === 'events') return 'AwsEventsEventbus';
  if (service === 'access-analyzer') return 'Other';
  return 'Other';
}

/** Partition of a region (aws, aws-cn, aws-us-gov). */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Partition named in an ARN resource, or undefined (account ids). */
export function partitionOfResource(resource: string): string | undefined {
  return /^arn:([^:]+):/.exec(resource)?.[1];
}

/** One-paragraph description of the fix (console steps, then the CLI command). */
export function fixText(f: Pick<Finding, 'fix'>): string {
  const steps = f.fix.console.map((s, i) => `${i + 1}. ${s}`).join(' ');
  return [steps, f.fix.cli ? `CLI: ${f.fix.cli}` : ''].filter((s) => s !== '').join(' ');
}

/** Cuts text to at most `max` characters (UTF-16 units), ending with … when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1)}…`;
}
