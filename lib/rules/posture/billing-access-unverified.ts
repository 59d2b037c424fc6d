import type { PostureRule } from '../types';

/**
 * No AWS API reads the "IAM user and role access to Billing information" setting, so this is an attested item:
 * info until `attestations.billingAccess.attested` is true in the user's configuration.
 */
export const billingAccessUnverified: PostureRule = {
  id: 'billing-access-unverified',
  kind: 'posture',
  title: 'Billing access for IAM users and roles not confirmed',
  severity: 'info',
  guide: 'Activate IAM user and role access to the Billing and Cost Management console from the root user, so that administrators never need root to see bills.',
  why: 'If IAM access to billing is off, people sign in as root to look at costs, which defeats "never use root". No AWS API can read this setting, so iam-guardian asks you to confirm it once.',
  fix: {
    console: [
      'Only the root user can turn on IAM access to billing (no IAM user, role or API can), so this is one of the few tasks that need a root sign-in: open https://console.aws.amazon.com/, choose "Root user" and sign in with the account e-mail address and password, then account menu → Account.',
      'Scroll to "IAM user and role access to Billing information" → Edit → Activate IAM Access → Update.',
      'Record it in the iam-guardian config: attestations: { billingAccess: { attested: true, by: <you>, date: <today> } }.',
    ],
    cli: 'aws iam list-account-aliases   # run with your own admin IAM user: shows the account alias for the root sign-in page; no AWS API reads or changes IAM billing access, so activate it in the console, then attest it in the config',
  },
  controls: [],
  evaluate(account, ctx) {
    const a = ctx.config.attestations.billingAccess;
    if (a?.attested) return { checked: 1, hits: [] };
    return {
      checked: 1,
      hits: [
        {
          resource: account.accountId,
          message: `Nobody has confirmed that IAM users and roles in account ${account.accountId} can reach the Billing console (no API reads this setting); activate it as root and set attestations.billingAccess.attested in the config.`,
          evidence: { attestation: a ?? null },
        },
      ],
    };
  },
};
