/**
 * The compliance controls the rules name (`controls` of a finding): AWS Security Hub control ids (`IAM.9`,
 * `CloudWatch.4`, …) and CIS AWS Foundations Benchmark v3.0.0 recommendations (`CIS-1.5`), each with a one-line
 * explanation and its page in the AWS documentation:
 * - a Security Hub control: https://docs.aws.amazon.com/securityhub/latest/userguide/<service>-controls.html#<service>-<n>
 *   (the pattern of every control reference page, e.g. iam-controls.html#iam-9);
 * - a CIS recommendation: the CIS v3.0.0 section of Security Hub's CIS AWS Foundations Benchmark page
 *   (cis-aws-foundations-benchmark.html#cis3v0-standard), which maps each recommendation to its controls.
 * Pure data: no AWS SDK.
 */

export const SECURITY_HUB_DOCS = 'https://docs.aws.amazon.com/securityhub/latest/userguide';
export const CIS_V3_DOCS = `${SECURITY_HUB_DOCS}/cis-aws-foundations-benchmark.html#cis3v0-standard`;

/** Security Hub control titles (the control reference's wording, shortened where it repeats itself). */
const SECURITY_HUB: Record<string, string> = {
  'IAM.1': 'IAM policies should not allow full "*" administrative privileges',
  'IAM.2': 'IAM users should not have IAM policies attached (use groups)',
  'IAM.3': "IAM users' access keys should be rotated every 90 days or less",
  'IAM.4': 'The root user should have no access key',
  'IAM.5': 'MFA should be enabled for all IAM users that have a console password',
  'IAM.6': 'Hardware MFA should be enabled for the root user',
  'IAM.7': 'Password policies for IAM users should have strong configurations',
  'IAM.8': 'Unused IAM user credentials should be removed (90 days)',
  'IAM.9': 'MFA should be enabled for the root user',
  'IAM.15': 'The password policy should require a minimum length of 14 or more',
  'IAM.16': 'The password policy should prevent password reuse',
  'IAM.18': 'A support role should exist to manage incidents with AWS Support',
  'IAM.19': 'MFA should be enabled for all IAM users',
  'IAM.21': 'Customer managed policies should not allow wildcard actions for services',
  'IAM.22': 'IAM user credentials unused for 45 days should be removed',
  'IAM.26': 'Expired SSL/TLS certificates managed in IAM should be removed',
  'IAM.27': 'IAM identities should not have the AWSCloudShellFullAccess policy attached',
  'IAM.28': 'IAM Access Analyzer external access analyzer should be enabled',
  'CloudWatch.1': 'A log metric filter and alarm should exist for usage of the root user',
  'CloudWatch.2': 'A log metric filter and alarm should exist for unauthorized API calls',
  'CloudWatch.3': 'A log metric filter and alarm should exist for console sign-in without MFA',
  'CloudWatch.4': 'A log metric filter and alarm should exist for IAM policy changes',
  'CloudWatch.5': 'A log metric filter and alarm should exist for CloudTrail configuration changes',
  'CloudWatch.6': 'A log metric filter and alarm should exist for console authentication failures',
  'CloudWatch.9': 'A log metric filter and alarm should exist for AWS Config configuration changes',
  'CloudTrail.1': 'CloudTrail should have a multi-Region trail logging read and write management events',
  'CloudTrail.3': 'At least one CloudTrail trail should be enabled',
  'Config.1': 'AWS Config should be enabled',
  'EC2.6': 'VPC flow logging should be enabled in all VPCs',
  'GuardDuty.1': 'GuardDuty should be enabled',
  'Lambda.1': 'Lambda function policies should prohibit public access',
  'S3.1': 'S3 buckets should have block public access settings enabled (account level)',
  'S3.2': 'S3 buckets should block public read access',
  'S3.3': 'S3 buckets should block public write access',
  'S3.6': 'S3 bucket policies should restrict access to other AWS accounts',
  'S3.8': 'S3 buckets should block public access (bucket level)',
};

/** CIS AWS Foundations Benchmark v3.0.0 recommendations. */
const CIS_V3: Record<string, string> = {
  '1.4': 'No access key for the root user',
  '1.5': 'MFA on for the root user',
  '1.6': 'Hardware MFA on for the root user',
  '1.7': 'Do not use the root user for administrative and daily tasks',
  '1.8': 'Password policy: minimum length 14 or more',
  '1.9': 'Password policy: prevent password reuse',
  '1.10': 'MFA on for every IAM user with a console password',
  '1.11': 'No access keys created at setup for users with a console password',
  '1.12': 'Credentials unused for 45 days or more are disabled',
  '1.13': 'At most one active access key per IAM user',
  '1.14': 'Access keys rotated every 90 days or less',
  '1.15': 'IAM users get permissions only through groups',
  '1.16': 'No policy granting full "*:*" administrative privileges is attached',
  '1.17': 'A support role exists to manage incidents with AWS Support',
  '1.19': 'Expired SSL/TLS certificates stored in IAM are removed',
  '1.20': 'IAM Access Analyzer is enabled in all regions',
  '1.21': 'IAM users are managed centrally (identity federation or AWS Organizations)',
  '1.22': 'Access to AWSCloudShellFullAccess is restricted',
  '3.1': 'CloudTrail is enabled in all regions',
  '4.1': 'Unauthorized API calls are monitored',
  '4.2': 'Console sign-in without MFA is monitored',
  '4.3': 'Use of the root user is monitored',
  '4.4': 'IAM policy changes are monitored',
  '4.5': 'CloudTrail configuration changes are monitored',
  '4.6': 'Console authentication failures are monitored',
  '4.9': 'AWS Config configuration changes are monitored',
  '4.15': 'AWS Organizations changes are monitored',
};

export interface ControlInfo {
  id: string;
  /** "AWS Security Hub" or "CIS AWS Foundations Benchmark v3.0.0". */
  standard: string;
  /** One line: what the control asks for. */
  title: string;
  /** Its page in the AWS documentation. */
  url: string;
}

/** The control's explanation and documentation page; undefined for an id this table does not know. */
export function controlInfo(id: string): ControlInfo | undefined {
  if (typeof id !== 'string') return undefined;
  const cis = /^CIS-(\d+\.\d+)$/.exec(id);
  if (cis) {
    const title = CIS_V3[cis[1]];
    return title === undefined ? undefined : { id, standard: 'CIS AWS Foundations Benchmark v3.0.0', title: `CIS ${cis[1]}: ${title}`, url: CIS_V3_DOCS };
  }
  const title = Object.prototype.hasOwnProperty.call(SECURITY_HUB, id) ? SECURITY_HUB[id] : undefined;
  const sh = /^([A-Za-z0-9]+)\.(\d+)$/.exec(id);
  if (title === undefined || !sh) return undefined;
  const service = sh[1].toLowerCase();
  return { id, standard: 'AWS Security Hub', title: `${id}: ${title}`, url: `${SECURITY_HUB_DOCS}/${service}-controls.html#${service}-${sh[2]}` };
}
