/**
 * Branches of the smaller event rules that their examples did not separate (issue 21: the surviving mutants of the
 * lib/rules sample, one or two per rule): each case is a CloudTrail record in AWS's shape whose outcome differs on the
 * two sides of one condition.
 */
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { EVENT_RULES } from '../../lib/rules/event';
import type { RuleHit } from '../../lib/rules/types';
import { namesRootMfa } from '../../lib/rules/event/root-credentials-changed';
import { ADMIN_DOC, consoleLogin, denied, envelope, iamCall, record, roleIdentity, rootIdentity, userIdentity } from '../support/event-records';

const A = '111122223333';
type Obj = Record<string, unknown>;
function hits(id: string, input: unknown, config: Config = DEFAULT_CONFIG): RuleHit[] {
  const r = EVENT_RULES.find((x) => x.id === id);
  if (!r) throw new Error(id);
  return r.evaluate(normalizeEvent(input), { config, enrichment: emptyEnrichment() });
}
const call = (eventSource: string, eventName: string, ui: Obj, requestParameters: unknown, responseElements?: unknown, extra: Obj = {}) =>
  envelope(record({ eventName, eventSource, userIdentity: ui, requestParameters, responseElements, ...extra }));
/** The record without its region (and the envelope's), or without its source address. */
const without = (input: Obj, ...fields: ('awsRegion' | 'sourceIPAddress')[]): Obj => {
  for (const f of fields) delete (input.detail as Obj)[f];
  if (fields.includes('awsRegion')) delete input.region;
  return input;
};
const policyOf = (...actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

describe('cloudtrail-tampered', () => {
  it('advanced selectors with entries that are not objects: the readable selectors are judged', () => {
    const rp = { trailName: 'management-events', advancedEventSelectors: [null, 'x', { name: 'Mgmt', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] }] };
    expect(hits('cloudtrail-tampered', call('cloudtrail.amazonaws.com', 'PutEventSelectors', userIdentity('mallory'), rp))).toEqual([]);
  });

  it('a stopped event data store without its ARN keeps the placeholder in the fix', () => {
    const [h] = hits('cloudtrail-tampered', call('cloudtrail.amazonaws.com', 'StopEventDataStoreIngestion', userIdentity('mallory'), {}));
    expect(h.fix?.cli).toContain('--event-data-store <event-data-store-arn>');
    const arn = `arn:aws:cloudtrail:us-east-1:${A}:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE`;
    expect(hits('cloudtrail-tampered', call('cloudtrail.amazonaws.com', 'StopEventDataStoreIngestion', userIdentity('mallory'), { eventDataStore: arn }))[0].fix?.cli).toContain(`--event-data-store ${arn}`);
  });
});

describe('denied-sensitive-call', () => {
  it('an IoT CreatePolicy is not iam:CreatePolicy', () => {
    expect(hits('denied-sensitive-call', denied('CreatePolicy', 'iot.amazonaws.com', userIdentity('mallory'), { policyName: 'p', policyDocument: ADMIN_DOC }))).toEqual([]);
    expect(hits('denied-sensitive-call', denied('CreatePolicy', 'iam.amazonaws.com', userIdentity('mallory'), { policyName: 'p', policyDocument: ADMIN_DOC }))).toHaveLength(1);
  });

  it('a refused LeaveOrganization is left to organization-tampered', () => {
    expect(hits('denied-sensitive-call', denied('LeaveOrganization', 'organizations.amazonaws.com', userIdentity('mallory'), null))).toEqual([]);
  });

  it('a refused call another rule judges is described by that rule’s title, lower-cased; without a source address none is named', () => {
    const input = without(denied('DeleteDetector', 'guardduty.amazonaws.com', userIdentity('mallory'), { detectorId: '12abc34d567e8fa901bc2d34e56789f0' }), 'sourceIPAddress');
    const [h] = hits('denied-sensitive-call', input);
    expect(h.severity).toBe('medium');
    expect(h.message).toBe(
      `IAM user mallory was refused guardduty:DeleteDetector (flow logs, DNS query logs, GuardDuty, Security Hub, Config or Access Analyzer switched off) on arn:aws:guardduty:us-east-1:${A}:detector/12abc34d567e8fa901bc2d34e56789f0 (AccessDeniedException) at 2026-11-02T09:14:27Z.`,
    );
  });
});

describe('federation-token-issued', () => {
  const sts = (rp: Obj) => call('sts.amazonaws.com', 'GetFederationToken', userIdentity('ci-deployer'), rp);

  it('a customer managed session policy is not judged: unverified, named', () => {
    const arn = `arn:aws:iam::${A}:policy/session-scope`;
    const [h] = hits('federation-token-issued', sts({ name: 'ops', policyArns: [{ arn }] }));
    expect([h.severity, h.factors]).toEqual(['medium', { unverified: true }]);
    expect(h.message).toContain(`The session policy could not be fully judged (managed session policy ${arn}).`);
  });

  it('an unreadable inline session policy is treated as administrator-equivalent', () => {
    const [h] = hits('federation-token-issued', sts({ name: 'ops', policy: '{"Version": "2012-10-17", "Statement": [' }));
    expect([h.severity, h.factors]).toEqual(['high', { adminEquivalent: true }]);
    expect(h.evidence?.adminReasons).toEqual(['the inline session policy could not be read, so it is treated as administrator-equivalent']);
  });

  it('the duration is read only when it is a number', () => {
    expect(hits('federation-token-issued', sts({ name: 'ops', durationSeconds: 5400 }))[0].message).toContain('named ops valid for 1.5 h from');
    const [odd] = hits('federation-token-issued', sts({ name: 'ops', durationSeconds: '5400' }));
    expect(odd.message).toContain('named ops valid for the default 12 h from');
    expect(odd.evidence?.durationSeconds).toBeNull();
  });
});

describe('login-profile-for-other-user', () => {
  it('no user name and a caller that is not an IAM user: nobody to name, nothing reported', () => {
    expect(hits('login-profile-for-other-user', iamCall('CreateLoginProfile', roleIdentity('ops', 'alice'), { passwordResetRequired: false }))).toEqual([]);
  });
});

describe('mfa-removed', () => {
  it('root deactivating an IAM user’s MFA is reported for that user', () => {
    const [h, ...rest] = hits('mfa-removed', iamCall('DeactivateMFADevice', rootIdentity(), { userName: 'bob', serialNumber: `arn:aws:iam::${A}:mfa/bob` }));
    expect(rest).toEqual([]);
    expect(h.resource).toBe(`arn:aws:iam::${A}:user/bob`);
    expect(h.message).toContain('deactivated MFA device bob of IAM user bob from');
  });

  it('"their own" only when the caller is that user (any case)', () => {
    expect(hits('mfa-removed', iamCall('DeactivateMFADevice', userIdentity('Bob'), { userName: 'bob', serialNumber: `arn:aws:iam::${A}:mfa/bob` }))[0].message).toContain('of IAM user bob (their own) from');
    expect(hits('mfa-removed', iamCall('DeactivateMFADevice', userIdentity('alice'), { userName: 'bob', serialNumber: `arn:aws:iam::${A}:mfa/bob` }))[0].message).toContain('of IAM user bob from');
  });
});

describe('password-policy-weakened', () => {
  it('maximum age: the threshold is allowed, one day more is not', () => {
    const max = DEFAULT_CONFIG.thresholds.passwordMaxAgeDays;
    const strong = { minimumPasswordLength: 14, requireUppercaseCharacters: true, requireLowercaseCharacters: true, requireNumbers: true, requireSymbols: true, passwordReusePrevention: 24, allowUsersToChangePassword: true };
    expect(hits('password-policy-weakened', iamCall('UpdateAccountPasswordPolicy', userIdentity('alice'), { ...strong, maxPasswordAge: max }))).toEqual([]);
    const [h] = hits('password-policy-weakened', iamCall('UpdateAccountPasswordPolicy', userIdentity('alice'), { ...strong, maxPasswordAge: max + 1 }));
    expect(h.message).toContain(`: passwords expire only after ${max + 1} days (> ${max}).`);
  });
});

describe('permissive-policy-change', () => {
  it('up to six services are listed; from seven on, counted with four examples', () => {
    const services = ['s3', 'ec2', 'lambda', 'dynamodb', 'sqs', 'sns', 'kinesis'];
    const put = (n: number) => hits('permissive-policy-change', iamCall('PutRolePolicy', userIdentity('alice'), { roleName: 'app', policyName: 'wide', policyDocument: policyOf(...services.slice(0, n).map((s) => `${s}:*`)) }));
    const six = put(6)[0].message;
    expect(six).toContain(`granting full access to ${services.slice(0, 6).sort().map((s) => `${s}:*`).join(', ')}.`);
    const seven = put(7)[0].message;
    expect(seven).toMatch(/granting full access to 7 services \(for example [a-z0-9]+:\*, [a-z0-9]+:\*, [a-z0-9]+:\*, [a-z0-9]+:\*\)\.$/);
  });
});

describe('roles-anywhere-trust-changed', () => {
  const ra = (eventName: string, rp: unknown, re?: unknown, extra: Obj = {}) => call('rolesanywhere.amazonaws.com', eventName, userIdentity('mallory'), rp, re, { region: 'eu-west-1', ...extra });

  it('a trust anchor whose source is not recorded is medium and unverified; without a region its ARN is in us-east-1', () => {
    const [h] = hits('roles-anywhere-trust-changed', without(ra('UpdateTrustAnchor', { trustAnchorId: '0ace5b12-24b9-427e-a483-c55884852fbf' }), 'awsRegion'));
    expect([h.severity, h.factors, h.resource]).toEqual(['medium', { unverified: true }, `arn:aws:rolesanywhere:us-east-1:${A}:trust-anchor/0ace5b12-24b9-427e-a483-c55884852fbf`]);
    expect(h.message).toContain('changed the certificate source of IAM Roles Anywhere trust anchor 0ace5b12-24b9-427e-a483-c55884852fbf at');
  });

  it('a trust anchor created disabled says so', () => {
    const src = { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' } };
    expect(hits('roles-anywhere-trust-changed', ra('CreateTrustAnchor', { name: 'edge-ca', enabled: false, source: src }))[0].message).toContain(' It was created disabled; enabling it makes it live.');
    expect(hits('roles-anywhere-trust-changed', ra('CreateTrustAnchor', { name: 'edge-ca', enabled: true, source: src }))[0].message).not.toContain('created disabled');
  });

  it('a profile for one role names "role", for several "roles"', () => {
    const one = hits('roles-anywhere-trust-changed', ra('CreateProfile', { name: 'edge', roleArns: [`arn:aws:iam::${A}:role/edge`] }))[0].message;
    expect(one).toContain(`created IAM Roles Anywhere profile edge in eu-west-1 for role arn:aws:iam::${A}:role/edge at`);
    const two = hits('roles-anywhere-trust-changed', ra('CreateProfile', { name: 'edge', roleArns: [`arn:aws:iam::${A}:role/edge`, `arn:aws:iam::${A}:role/ops`] }))[0].message;
    expect(two).toContain(`for roles arn:aws:iam::${A}:role/edge, arn:aws:iam::${A}:role/ops at`);
  });
});

describe('root-access-key-created', () => {
  it('root creating a key for an IAM user is not a root key', () => {
    expect(hits('root-access-key-created', iamCall('CreateAccessKey', rootIdentity(), { userName: 'bob' }, { accessKey: { userName: 'bob', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Active', createDate: 'Nov 2, 2026 9:14:27 AM' } }))).toEqual([]);
  });

  it('without a source address the sentence names none', () => {
    const [h] = hits('root-access-key-created', without(iamCall('CreateAccessKey', rootIdentity(), null, { accessKey: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Active', createDate: 'Nov 2, 2026 9:14:27 AM' } }), 'sourceIPAddress'));
    expect(h.message).toBe(`The root user of account ${A} created an access key AKIAIOSFODNN7EXAMPLE for itself at 2026-11-02T09:14:27Z.`);
  });
});

describe('root-activity', () => {
  it('a failed API call by root (not a sign-in step) keeps its severity', () => {
    const [h] = hits('root-activity', call('s3.amazonaws.com', 'DeleteBucket', rootIdentity(), { bucketName: 'logs' }, null, { errorCode: 'AccessDenied', errorMessage: 'Access Denied' }));
    expect(h.severity).toBe('high');
    expect(h.message).toContain('The call failed (AccessDenied), but it was made with root credentials.');
  });

  it('a sign-in step that reports Failure only in its response is an attempt: medium, "(Failure)"', () => {
    const input = call('signin.amazonaws.com', 'ExternalIdPDirectoryLogin', rootIdentity({ signIn: true }), null, { ExternalIdPDirectoryLogin: 'Failure' }, { eventType: 'AwsConsoleSignIn' });
    const [h] = hits('root-activity', input);
    expect(h.severity).toBe('medium');
    expect(h.message).toContain('The call failed (Failure), but it was made with root credentials.');
  });

  it('an AssumeRoot session names the region when the record has one', () => {
    const session = () => iamCall('DeactivateMFADevice', rootIdentity({ assumedRoot: true }), { userName: 'bob', serialNumber: `arn:aws:iam::${A}:mfa/bob` });
    expect(hits('root-activity', session())[0].message).toContain('called DeactivateMFADevice (iam.amazonaws.com) in us-east-1 at 2026-11-02T09:14:27Z.');
    expect(hits('root-activity', without(session(), 'awsRegion'))[0].message).toContain('called DeactivateMFADevice (iam.amazonaws.com) at 2026-11-02T09:14:27Z.');
  });

  it('a failed call in an AssumeRoot session is a failed attempt', () => {
    const input = iamCall('DeleteLoginProfile', rootIdentity({ assumedRoot: true }), null, null, { errorCode: 'NoSuchEntity', errorMessage: 'Login Profile for User root cannot be found.' });
    const [h] = hits('root-activity', input);
    expect(h.factors).toEqual({ failedAttempt: true });
    expect(hits('root-activity', iamCall('DeleteLoginProfile', rootIdentity({ assumedRoot: true }), null))[0].factors).toEqual({});
  });
});

describe('root-credentials-changed', () => {
  it('root’s own MFA is named by "AWS ROOT USER" (any case, padded) or a root device serial', () => {
    const mfa = (rp: Obj) => normalizeEvent(iamCall('DeactivateMFADevice', rootIdentity(), rp));
    expect(namesRootMfa(mfa({ userName: ' aws root user ', serialNumber: `arn:aws:iam::${A}:mfa/phone` }))).toBe(true);
    expect(namesRootMfa(mfa({ serialNumber: `arn:aws:iam::${A}:mfa/root-account-mfa-device` }))).toBe(true);
    expect(namesRootMfa(mfa({ userName: 'bob', serialNumber: `arn:aws:iam::${A}:mfa/bob` }))).toBe(false);
  });

  it('a password recovery is said as such', () => {
    const input = call('signin.amazonaws.com', 'PasswordRecoveryCompleted', rootIdentity({ signIn: true }), null, { PasswordRecoveryCompleted: 'Success' }, { eventType: 'AwsConsoleSignIn' });
    expect(hits('root-credentials-changed', input)[0].message).toContain('reset its password through password recovery');
  });
});

describe('root-sign-in', () => {
  it('a ConsoleLogin that reports Failure only in its response is not a sign-in', () => {
    const input = consoleLogin(rootIdentity({ signIn: true }), 'Failure', { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' });
    expect(hits('root-sign-in', input)).toEqual([]);
  });
});

describe('trust-policy-external', () => {
  it('two outside accounts: "accounts", both named', () => {
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::444455556666:root', 'arn:aws:iam::777788889999:root'] }, Action: 'sts:AssumeRole' }] });
    const [h] = hits('trust-policy-external', iamCall('UpdateAssumeRolePolicy', userIdentity('mallory'), { roleName: 'ops', policyDocument: doc }));
    expect(h.message).toContain('so that accounts 444455556666, 777788889999 can assume it without an external id, MFA or organization condition');
  });
});

describe('user-sign-in-without-mfa', () => {
  it('an IAM Identity Center user (MFA enforced by Identity Center) is not an IAM user signing in without MFA', () => {
    const ui = { type: 'IdentityCenterUser', accountId: A, onBehalfOf: { userId: '906773e2-7081-70cf-0d08-a5b2d2c3e4f5', identityStoreArn: 'arn:aws:identitystore::111122223333:identitystore/d-9067642ac7' }, credentialId: 'EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE' };
    expect(hits('user-sign-in-without-mfa', consoleLogin(ui, 'Success', { MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No' }))).toEqual([]);
  });
});

describe('grant rules and allow-list entries', () => {
  const lambdaFull = 'arn:aws:iam::aws:policy/AWSLambda_FullAccess';
  const attach = () => iamCall('AttachRolePolicy', roleIdentity('cfn-exec', 'AWSCloudFormation', { invokedBy: 'cloudformation.amazonaws.com' }), { roleName: 'deployer', policyArn: lambdaFull });
  const cfg = (covers: string[]): Config => ({
    ...DEFAULT_CONFIG,
    allowList: [...DEFAULT_CONFIG.allowList, 'arn:aws:iam::*:role/deployer'],
    allowListEntries: { 'arn:aws:iam::*:role/deployer': { arn: 'arn:aws:iam::*:role/deployer', covers, adminPolicies: [lambdaFull], callers: ['arn:aws:iam::*:role/cfn-exec'] } },
  });

  it('privilege-escalation-granted is quiet only where the entry covers it', () => {
    expect(hits('privilege-escalation-granted', attach())).toHaveLength(1);
    expect(hits('privilege-escalation-granted', attach(), cfg(['privilege-escalation-granted']))).toEqual([]);
    expect(hits('privilege-escalation-granted', attach(), cfg(['permissive-policy-change']))).toHaveLength(1);
    expect(hits('permissive-policy-change', attach(), cfg(['permissive-policy-change']))).toEqual([]);
  });
});

describe('trust changes without a role name', () => {
  it('are left to unparseable-event (normalisation reports the missing name)', () => {
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
    expect(hits('trust-policy-public', iamCall('CreateRole', userIdentity('mallory'), { assumeRolePolicyDocument: doc }))).toEqual([]);
    expect(hits('trust-policy-public', iamCall('CreateRole', userIdentity('mallory'), { roleName: 'open', assumeRolePolicyDocument: doc }))).toHaveLength(1);
    expect(hits('unparseable-event', iamCall('CreateRole', userIdentity('mallory'), { assumeRolePolicyDocument: doc }))).toHaveLength(1);
  });
});

describe('resources and fixes from the response or defaults', () => {
  it('cloudtrail-tampered names the trail by the ARN in the response', () => {
    const arn = `arn:aws:cloudtrail:eu-west-1:${A}:trail/management-events`;
    const input = call('cloudtrail.amazonaws.com', 'UpdateTrail', userIdentity('mallory'), { name: 'management-events', isMultiRegionTrail: false }, { name: 'management-events', trailARN: arn, isMultiRegionTrail: false, homeRegion: 'eu-west-1' });
    expect(hits('cloudtrail-tampered', input).map((h) => h.resource)).toEqual([arn]);
  });

  it('organization-tampered: a DetachPolicy without its target says so', () => {
    const [h] = hits('organization-tampered', call('organizations.amazonaws.com', 'DetachPolicy', userIdentity('mallory'), { policyId: 'p-examplepolicyid111' }));
    expect(h.message).toContain('from (unnamed target)');
  });

  it('denied-sensitive-call: without a region the lookup command uses us-east-1', () => {
    const input = without(denied('CreateAccessKey', 'iam.amazonaws.com', userIdentity('mallory'), { userName: 'bob' }), 'awsRegion');
    expect(hits('denied-sensitive-call', input)[0].fix?.cli).toContain('--region us-east-1');
  });
});
