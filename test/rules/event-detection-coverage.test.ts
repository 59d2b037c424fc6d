/**
 * Issue 15 (part 1) beyond the rules' own examples: one coherent fix per event, root's own MFA removal, the
 * unparseable-event sentence, the quarantine removal read through the IAM enricher (ListAccessKeys, mocked exactly
 * as IAM answers), and the severities the rule table promises.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { IAMClient, IAMServiceException, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { enrich, planEnrichment } from '../../lib/cloudtrail/enrich';
import { iamEnrichmentSource } from '../../lib/aws/iam-enricher';
import { scoreEventOffline, scoreNormalized } from '../../lib/engine/score-event';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { envelope, iamCall, record, rootIdentity, userIdentity } from '../support/event-records';

const NOW = '2026-11-02T10:00:00Z';
const score = (input: unknown) => scoreEventOffline(input, { config: DEFAULT_CONFIG, now: NOW });
/** Findings by rule, leaving out iam-policy-changed (info: the CIS 4.4 audit record every IAM policy change gets). */
const byRule = (s: ReturnType<typeof score>) => Object.fromEntries(s.findings.filter((f) => f.ruleId !== 'iam-policy-changed').map((f) => [f.ruleId, f]));

test('admin-granted and policy-attached-to-user on the same event give one coherent fix (no "attach it to a group")', () => {
  const s = score(iamCall('AttachUserPolicy', userIdentity('alice'), { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  const f = byRule(s);
  expect(Object.keys(f).sort()).toEqual(['admin-granted', 'policy-attached-to-user']);
  const steps = f['policy-attached-to-user'].fix.console.join('\n');
  expect(steps).not.toMatch(/attach AdministratorAccess/i);
  expect(steps).toMatch(/admin-granted/);
  expect(f['policy-attached-to-user'].fix.cli).toBe('aws iam detach-user-policy --user-name bob --policy-arn arn:aws:iam::aws:policy/AdministratorAccess');
  // A narrow grant keeps the group advice.
  const narrow = byRule(score(iamCall('AttachUserPolicy', userIdentity('alice'), { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })));
  expect(narrow['policy-attached-to-user'].fix.console.join('\n')).toMatch(/User groups > choose or create the group > Permissions > attach AWS managed policy ReadOnlyAccess/);
});

test.each(['DeactivateMFADevice', 'DeleteVirtualMFADevice'])('root removing its own MFA (%s, userName "AWS ROOT USER") is root-credentials-changed critical only', (eventName) => {
  const s = score(iamCall(eventName, rootIdentity({ mfa: true }), { userName: 'AWS ROOT USER', serialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device' }));
  expect(s.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(['root-credentials-changed:critical']);
  expect(s.findings[0].resource).toBe('arn:aws:iam::111122223333:root');
  expect(JSON.stringify(s.findings)).not.toMatch(/IAM user AWS ROOT USER/);
});

test('an IAM user deactivating another user\'s MFA is still mfa-removed', () => {
  const s = score(iamCall('DeactivateMFADevice', userIdentity('alice'), { userName: 'bob', serialNumber: 'arn:aws:iam::111122223333:mfa/bob' }));
  expect(s.findings.map((f) => f.ruleId)).toEqual(['mfa-removed']);
});

test('unparseable-event says "An event", never "The an event", when the record has no eventName', () => {
  const rec = record({ eventName: 'x', eventSource: 'iam.amazonaws.com', userIdentity: userIdentity('alice') });
  delete rec.eventName;
  const s = score(rec);
  const f = s.findings.find((x) => x.ruleId === 'unparseable-event')!;
  expect(f.message).toMatch(/^An event by IAM user alice/);
  expect(f.message).not.toMatch(/The an event/);
});

test('AWS\'s quarantine attach is compromised-key-quarantined only (not a per-user grant to move to a group)', () => {
  const s = score(iamCall('AttachUserPolicy', userIdentity('ci-bot'), { userName: 'ci-bot', policyArn: 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV2' }, null, { sourceIp: 'AWS Internal' }));
  expect(s.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(['compromised-key-quarantined:high', 'iam-policy-changed:info']);
  expect(s.findings[0].message).toMatch(/^AWS found an access key of IAM user ci-bot exposed in public: AWS attached/);
});

describe('quarantine removed: the scorer reads the user\'s access keys', () => {
  const iam = mockClient(IAMClient);
  afterEach(() => iam.reset());
  const detach = normalizeEvent(iamCall('DetachUserPolicy', userIdentity('alice'), { userName: 'ci-bot', policyArn: 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3' }));

  test('only for a quarantine policy', () => {
    expect(planEnrichment(detach).accessKeyUsers).toEqual(['ci-bot']);
    expect(planEnrichment(normalizeEvent(iamCall('DetachUserPolicy', userIdentity('alice'), { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }))).accessKeyUsers).toBeUndefined();
  });

  test('the exposed key still active → high, naming it; paged answers are followed', async () => {
    iam
      .on(ListAccessKeysCommand, { UserName: 'ci-bot', Marker: undefined })
      .resolves({ AccessKeyMetadata: [{ UserName: 'ci-bot', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Active', CreateDate: new Date('2026-01-02T03:04:05Z') }], IsTruncated: true, Marker: 'm1' })
      .on(ListAccessKeysCommand, { UserName: 'ci-bot', Marker: 'm1' })
      .resolves({ AccessKeyMetadata: [{ UserName: 'ci-bot', AccessKeyId: 'AKIAI44QH8DHBEXAMPLE', Status: 'Inactive', CreateDate: new Date('2026-03-02T03:04:05Z') }], IsTruncated: false });
    const enrichment = await enrich(detach, iamEnrichmentSource(new IAMClient({ region: 'us-east-1' })));
    const s = scoreNormalized(detach, enrichment, { config: DEFAULT_CONFIG, now: NOW });
    const f = s.findings.find((x) => x.ruleId === 'compromised-key-quarantined')!;
    expect(f.severity).toBe('high');
    expect(f.message).toMatch(/still has active access key AKIAIOSFODNN7EXAMPLE/);
  });

  test('no active key left → medium', async () => {
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ UserName: 'ci-bot', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Inactive', CreateDate: new Date('2026-01-02T03:04:05Z') }], IsTruncated: false });
    const enrichment = await enrich(detach, iamEnrichmentSource(new IAMClient({ region: 'us-east-1' })));
    const f = scoreNormalized(detach, enrichment, { config: DEFAULT_CONFIG, now: NOW }).findings.find((x) => x.ruleId === 'compromised-key-quarantined')!;
    expect(f.severity).toBe('medium');
    expect(f.message).toMatch(/no active access key now/);
  });

  test('ListAccessKeys refused → high, and the finding says what could not be checked', async () => {
    iam.on(ListAccessKeysCommand).rejects(new IAMServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'not authorized' }));
    const enrichment = await enrich(detach, iamEnrichmentSource(new IAMClient({ region: 'us-east-1' })));
    const f = scoreNormalized(detach, enrichment, { config: DEFAULT_CONFIG, now: NOW }).findings.find((x) => x.ruleId === 'compromised-key-quarantined')!;
    expect(f.severity).toBe('high');
    expect(f.message).toMatch(/Unless the exposed key was deactivated or deleted first \(the access keys could not be checked: AccessDenied\)/);
  });
});

test.each([
  ['CreateSAMLProvider', { sAMLMetadataDocument: '<md/>', name: 'x' }, 'high'],
  ['CreateOpenIDConnectProvider', { url: 'https://token.actions.githubusercontent.com', clientIDList: ['sts.amazonaws.com'] }, 'medium'],
  ['CreateOpenIDConnectProvider', { url: 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', clientIDList: ['sts.amazonaws.com'] }, 'medium'],
  ['CreateOpenIDConnectProvider', { url: 'https://login.unknown-issuer.example', clientIDList: ['sts.amazonaws.com'] }, 'high'],
  ['UpdateOpenIDConnectProviderThumbprint', { openIDConnectProviderArn: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', thumbprintList: ['1'.repeat(40)] }, 'medium'],
  ['DeleteOpenIDConnectProvider', { openIDConnectProviderArn: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, 'low'],
] as const)('identity-provider-changed: %s %j → %s', (eventName, rp, severity) => {
  const f = byRule(score(iamCall(eventName, userIdentity('alice'), rp)))['identity-provider-changed'];
  expect(f.severity).toBe(severity);
});

test('roles-anywhere: a private CA in another account is high; the source read from the response when the request has none', () => {
  const ra = (eventName: string, rp: unknown, re: unknown) => envelope(record({ eventName, eventSource: 'rolesanywhere.amazonaws.com', userIdentity: userIdentity('alice'), requestParameters: rp, responseElements: re, region: 'eu-west-1' }));
  const other = { sourceType: 'AWS_ACM_PCA', sourceData: { acmPcaArn: 'arn:aws:acm-pca:eu-west-1:444455556666:certificate-authority/x' } };
  expect(byRule(score(ra('CreateTrustAnchor', { name: 'a', source: other }, null)))['roles-anywhere-trust-changed'].severity).toBe('high');
  const enabled = score(ra('EnableTrustAnchor', { trustAnchorId: 'id-1' }, { trustAnchor: { trustAnchorId: 'id-1', name: 'a', source: { sourceType: 'AWS_ACM_PCA', sourceData: { acmPcaArn: 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/y' } } } }));
  expect(byRule(enabled)['roles-anywhere-trust-changed'].severity).toBe('medium');
  const unknown = score(ra('EnableTrustAnchor', { trustAnchorId: 'id-1' }, null));
  expect(byRule(unknown)['roles-anywhere-trust-changed'].message).toMatch(/could not be checked/);
});
