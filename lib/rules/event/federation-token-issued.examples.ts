import type { EventExamples } from '../types';
import { envelope, record, userIdentity } from '../../../test/support/event-records';

// CloudTrail records GetFederationToken / GetSessionToken with readOnly false (they mint credentials).
const sts = (eventName: string, ui: Record<string, unknown>, requestParameters: unknown, responseElements?: unknown, extra: { region?: string; errorCode?: string; errorMessage?: string } = {}) =>
  envelope(record({ eventName, eventSource: 'sts.amazonaws.com', userIdentity: ui, requestParameters, responseElements, readOnly: eventName === 'GetCallerIdentity', ...extra }));
const creds = (name: string) => ({
  credentials: { accessKeyId: 'ASIAY34FZKBOKMUTVV7C', expiration: 'Nov 2, 2026, 9:14:27 PM', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE' },
  federatedUser: { federatedUserId: `111122223333:${name}`, arn: `arn:aws:sts::111122223333:federated-user/${name}` },
  packedPolicySize: 4,
});
const ADMIN = '{\n\t\t"Version": "2012-10-17",\n\t\t"Statement": [\n\t\t\t{\n\t\t\t\t"Effect": "Allow",\n\t\t\t\t"Action": "*",\n\t\t\t\t"Resource": "*"\n\t\t\t}\n\t\t]\n\t}';

/** Pass and fail examples of `federation-token-issued`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'admin-equivalent session policy (high)',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/ci-deployer' },
      input: sts('GetFederationToken', userIdentity('ci-deployer'), { name: 'admin', policy: ADMIN, durationSeconds: 129600 }, creds('admin')),
    },
    {
      name: 'AdministratorAccess as managed session policy, regional endpoint',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/ci-deployer' },
      input: sts('GetFederationToken', userIdentity('ci-deployer'), { name: 'ops', policyArns: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }, creds('ops'), { region: 'eu-west-1' }),
    },
    {
      name: 'narrow session policy (medium)',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/proxy-app' },
      input: sts(
        'GetFederationToken',
        userIdentity('proxy-app'),
        { name: 'reader', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::team-data/*' }] }), durationSeconds: 3600 },
        creds('reader'),
      ),
    },
    {
      name: 'no session policy (medium)',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/bob' },
      input: sts('GetFederationToken', userIdentity('bob'), { name: 'bob' }, creds('bob')),
    },
  ],
  pass: [
    {
      name: 'GetSessionToken stays quiet',
      input: sts('GetSessionToken', userIdentity('alice'), { durationSeconds: 43200 }, { credentials: { accessKeyId: 'ASIAY34FZKBOKMUTVV7D', expiration: 'Nov 2, 2026, 9:14:27 PM', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE' } }),
    },
    {
      name: 'denied GetFederationToken',
      input: sts('GetFederationToken', userIdentity('mallory'), { name: 'x', policy: ADMIN }, null, {
        errorCode: 'AccessDenied',
        errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: sts:GetFederationToken',
      }),
    },
    {
      name: 'GetCallerIdentity',
      input: sts('GetCallerIdentity', userIdentity('alice'), null),
    },
  ],
};
