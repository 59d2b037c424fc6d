import type { PostureRule } from '../types';
import { missingSource, notEvaluated, rootArn } from '../../posture/common';

/**
 * Root MFA is virtual when ListVirtualMFADevices lists a device bound to root (User.Arn ends in `:root`).
 * Not applicable while root has no MFA at all (root-mfa-disabled reports that).
 */
export const rootHardwareMfaMissing: PostureRule = {
  id: 'root-hardware-mfa-missing',
  kind: 'posture',
  title: 'Root user MFA is a virtual (phone app) device, not a hardware key',
  severity: 'medium',
  guide: 'CIS 1.6: hardware MFA is enabled for the root user. A virtual MFA lives on a phone that can be lost, cloned or compromised.',
  why: 'Root is the most powerful identity; a dedicated hardware key kept offline is harder to steal or phish than an authenticator app on an everyday phone.',
  fix: {
    console: [
      'Only the root user can change its own MFA devices (no IAM user or role can), so this needs a root sign-in: open https://console.aws.amazon.com/, choose "Root user" and sign in with the account e-mail address and password, then account menu → Security credentials.',
      'Under Multi-factor authentication (MFA), assign a FIDO security key or hardware TOTP token.',
      'Remove the virtual MFA device from root once the hardware device works.',
    ],
    cli: 'aws iam list-virtual-mfa-devices --assignment-status Assigned --query "VirtualMFADevices[?ends_with(User.Arn, \':root\')].SerialNumber"   # empty once root uses only hardware MFA',
  },
  controls: ['IAM.6', 'CIS-1.6'],
  evaluate(account) {
    const enabled = account.summary?.AccountMFAEnabled;
    if (typeof enabled !== 'number') return notEvaluated(missingSource(account, 'accountSummary', 'The account summary (AccountMFAEnabled)'));
    if (enabled === 0) return { checked: 0, hits: [] };
    if (!account.virtualMfaDevices) return notEvaluated(missingSource(account, 'virtualMfaDevices', 'The virtual MFA device list'));
    const virtual = account.virtualMfaDevices.filter((d) => d.User?.Arn?.endsWith(':root'));
    if (virtual.length === 0) return { checked: 1, hits: [] };
    return {
      checked: 1,
      hits: [
        {
          resource: rootArn(account),
          message: `The root user of account ${account.accountId} uses a virtual MFA device (${virtual.map((d) => d.SerialNumber).join(', ')}) rather than a hardware key.`,
          evidence: { virtualDevices: virtual.map((d) => d.SerialNumber) },
        },
      ],
    };
  },
};
