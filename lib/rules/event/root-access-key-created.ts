import type { EventRule } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import { baseEvidence, fillFix, objParam, param, rootArn, when } from './_util';

/**
 * Root created an access key for itself: requestParameters is null / {} (no userName) and the key in
 * responseElements has no userName. A service acting for root (invokedBy) does not hide it.
 */
export function isRootKeyCreation(ev: NormalizedEvent): boolean {
  return ev.eventName === 'CreateAccessKey' && ev.actor.type === 'Root' && !ev.failed && param(ev.requestParameters, 'userName') === undefined;
}

export const rootAccessKeyCreated: EventRule = {
  id: 'root-access-key-created',
  kind: 'event',
  title: 'Access key created for the root user',
  severity: 'critical',
  guide:
    'Never create access keys for the root user; lock root away and never put long-lived keys in code. Security Hub IAM.4 / CIS 1.4: the root user should have no access keys.',
  why: 'A root access key is a permanent, unrestrictable credential for the whole account. If it leaks (a script, a laptop, a repository) the attacker owns the account and IAM cannot limit it.',
  fix: {
    console: [
      'Only the root user can delete its own access key (no IAM user or role can), so this needs a root sign-in in the console; never put the root key into the AWS CLI to delete it. Open https://console.aws.amazon.com/, choose "Root user" and sign in with the account e-mail address and password, then account menu > Security credentials > Access keys.',
      'Deactivate, then delete, the new key <access-key-id> (and any other root key). In an AWS Organization with centralized root access, the management account can delete it instead (IAM > Root access management).',
      'If a tool needs access, create an IAM role (or an IAM user in a group with only the permissions it needs) instead.',
    ],
    cli: 'aws iam get-account-summary --query "SummaryMap.AccountAccessKeysPresent"   # check after the console steps, with your own admin IAM user: prints 0 once no root access key is left',
  },
  controls: ['IAM.4', 'CIS-1.4', 'CloudWatch.1', 'CIS-4.3'],
  eventNames: ['CreateAccessKey'],
  evaluate(ev) {
    if (!isRootKeyCreation(ev)) return [];
    const keyId = param(objParam(ev.responseElements, 'accessKey'), 'accessKeyId');
    const via = ev.actor.invokedBy ? ` (through ${ev.actor.invokedBy})` : '';
    return [
      {
        resource: rootArn(ev),
        message: `The root user of account ${ev.account} created an access key${keyId ? ` ${keyId}` : ''} for itself${via}${ev.sourceIp ? ` from ${ev.sourceIp}` : ''}${when(ev)}.`,
        evidence: baseEvidence(ev, { accessKeyId: keyId ?? null }),
        fix: fillFix(rootAccessKeyCreated.fix, { 'access-key-id': keyId }),
      },
    ];
  },
};
