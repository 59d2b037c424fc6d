/**
 * What a command that reads the AWS account prints when no credentials can be found, before anything else runs: what
 * it needs, the offline alternative, the read-only policy to give the profile (shipped in the repository and the
 * package), and how to check which identity the credentials belong to. Pure text.
 */

/** The read-only policy `sweep` and `snapshot` need (exactly the calls lib/aws/collect.ts makes; a test checks it). */
export const READ_ONLY_POLICY_FILE = 'policies/iam-guardian-read-only.json';

export interface MissingCredentials {
  /** The command, e.g. `sweep`. */
  command: string;
  profile?: string;
  /** Why the SDK's credential chain found nothing (its message, one line). */
  reason: string;
  /** An offline way to get the same answer, when there is one (a full command line). */
  offline?: string;
  /** What the credentials need, when it is not the read-only policy above (doctor's own list, say). */
  permissions?: string;
}

/** Lines to print (each ends with a newline). */
export function missingCredentialsText(m: MissingCredentials): string {
  const who = m.profile ? `the AWS profile "${m.profile}"` : 'AWS credentials';
  const lines = [
    `iam-guardian ${m.command}: this command reads your AWS account and needs ${who}; none could be loaded (${m.reason}).`,
  ];
  if (m.offline) lines.push(`  Without an AWS account: ${m.offline}`);
  lines.push(
    '  With your account: create an IAM user or role for iam-guardian (not the root user) whose only permissions are',
    m.permissions
      ? `    ${m.permissions}, then:`
      : `    the read-only policy ${READ_ONLY_POLICY_FILE} (or the AWS managed policy ReadOnlyAccess), then:`,
    '    aws configure --profile readonly            # its access key, region us-east-1 (or aws configure sso)',
    '    aws sts get-caller-identity --profile readonly   # shows the account and identity the profile reaches',
    `    iam-guardian ${m.command} --profile readonly     # or export AWS_PROFILE=readonly`,
  );
  return `${lines.join('\n')}\n`;
}
