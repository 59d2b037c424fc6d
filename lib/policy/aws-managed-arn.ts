/** `arn:<partition>:iam::aws:policy/…`: a policy AWS owns and maintains (any partition: aws, aws-cn, aws-us-gov, …). */
export const AWS_MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::aws:policy\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/;

/** True for an AWS-managed policy ARN: judged from the bundled table, never fetched. The one test of this in the code. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return typeof arn === 'string' && AWS_MANAGED_POLICY_ARN.test(arn);
}

/** AWSCompromisedKeyQuarantine (V2, V3, …): the policy AWS attaches to a user whose access key it found exposed. */
export const QUARANTINE_POLICY_ARN = /^arn:aws[a-z-]*:iam::aws:policy\/AWSCompromisedKeyQuarantine(V\d+)?$/;

/** A resource pattern inside the AWS-managed policy namespace (`arn:aws:iam::aws:policy/*` included): nobody can edit those. */
export function inAwsManagedPolicyNamespace(pattern: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(pattern);
}
