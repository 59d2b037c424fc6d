import { mockClient } from 'aws-sdk-client-mock';
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  IAMServiceException,
  ListAttachedGroupPoliciesCommand,
  ListGroupPoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { enrich, OFFLINE_REASON, planEnrichment, isAwsManagedPolicyArn, policyKey } from '../../lib/cloudtrail/enrich';
import { iamEnrichmentSource } from '../../lib/aws/iam-enricher';
import type { EnrichmentSource } from '../../lib/cloudtrail/enrichment-types';

const ACCT = '111122223333';
const CUSTOMER = `arn:aws:iam::${ACCT}:policy/batch-worker-access`;
const iamCall = (eventName: string, requestParameters: Record<string, unknown> | null, extra: Record<string, unknown> = {}) =>
  normalizeEvent({
    eventID: 'e1',
    eventName,
    eventSource: 'iam.amazonaws.com',
    recipientAccountId: ACCT,
    userIdentity: { type: 'IAMUser', userName: 'alice', arn: `arn:aws:iam::${ACCT}:user/alice`, accountId: ACCT },
    requestParameters,
    responseElements: null,
    ...extra,
  });

const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const READ = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' }] };
/** SDK v3 returns policy documents URL-encoded (RFC 3986), exactly as IAM sends them. */
const enc = (d: unknown) => encodeURIComponent(JSON.stringify(d));

function awsError(name: string, message: string): IAMServiceException {
  return new IAMServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: name === 'Throttling' ? 400 : 403 }, message });
}

describe('planEnrichment', () => {
  it('customer-managed ARN attached → its default version; AWS-managed → nothing (bundled table)', () => {
    expect(planEnrichment(iamCall('AttachUserPolicy', { userName: 'bob', policyArn: CUSTOMER }))).toEqual({ policies: [{ arn: CUSTOMER }], groups: [], roles: true });
    for (const n of ['AttachGroupPolicy', 'AttachRolePolicy'])
      expect(planEnrichment(iamCall(n, { groupName: 'g', roleName: 'r', policyArn: CUSTOMER })).policies).toEqual([{ arn: CUSTOMER }]);
    expect(planEnrichment(iamCall('AttachUserPolicy', { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }))).toEqual({ policies: [], groups: [], roles: true });
    expect(planEnrichment(iamCall('AttachRolePolicy', { roleName: 'r', policyArn: 'arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess' })).policies).toEqual([]);
  });
  it('SetDefaultPolicyVersion → that version; AddUserToGroup → the group', () => {
    expect(planEnrichment(iamCall('SetDefaultPolicyVersion', { policyArn: CUSTOMER, versionId: 'v2' })).policies).toEqual([{ arn: CUSTOMER, versionId: 'v2' }]);
    expect(planEnrichment(iamCall('AddUserToGroup', { groupName: 'Developers', userName: 'bob' })).groups).toEqual(['Developers']);
  });
  it('failed calls and unrelated events need nothing', () => {
    expect(planEnrichment(iamCall('AttachUserPolicy', { userName: 'bob', policyArn: CUSTOMER }, { errorCode: 'AccessDenied' }))).toEqual({ policies: [], groups: [], roles: false });
    expect(planEnrichment(iamCall('CreateUser', { userName: 'bob' }))).toEqual({ policies: [], groups: [], roles: false });
    // An event-carried document needs no lookup of itself; role trusts only when it may allow iam:PassRole.
    expect(planEnrichment(iamCall('PutUserPolicy', { userName: 'bob', policyName: 'p', policyDocument: JSON.stringify(ADMIN) }))).toEqual({ policies: [], groups: [], roles: true });
    expect(planEnrichment(iamCall('PutUserPolicy', { userName: 'bob', policyName: 'p', policyDocument: JSON.stringify(READ) }))).toEqual({ policies: [], groups: [], roles: false });
  });
  it('isAwsManagedPolicyArn / policyKey', () => {
    expect(isAwsManagedPolicyArn('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')).toBe(true);
    expect(isAwsManagedPolicyArn(CUSTOMER)).toBe(false);
    expect(policyKey(CUSTOMER, 'v3')).toBe(`${CUSTOMER}#v3`);
  });
});

describe('enrich', () => {
  it('offline: every planned lookup is unavailable, saying why', async () => {
    const e = await enrich(iamCall('AttachUserPolicy', { userName: 'bob', policyArn: CUSTOMER }));
    expect(e.policyDocuments[CUSTOMER]).toEqual({ status: 'unavailable', reason: OFFLINE_REASON });
    const g = await enrich(iamCall('AddUserToGroup', { groupName: 'Developers', userName: 'bob' }));
    expect(g.groupPolicies.Developers).toEqual({ status: 'unavailable', reason: 'offline: no AWS credentials' });
  });
  it('a source error becomes unavailable with the error name; never throws', async () => {
    const source: EnrichmentSource = {
      getPolicyDocument: () => Promise.reject(awsError('AccessDenied', 'not authorized')),
      getGroupPolicies: () => Promise.reject(new Error('socket hang up')),
    };
    const e = await enrich(iamCall('SetDefaultPolicyVersion', { policyArn: CUSTOMER, versionId: 'v2' }), source);
    expect(e.policyDocuments[`${CUSTOMER}#v2`]).toEqual({ status: 'unavailable', reason: 'AccessDenied' });
    const g = await enrich(iamCall('AddUserToGroup', { groupName: 'G', userName: 'bob' }), source);
    expect(g.groupPolicies.G).toEqual({ status: 'unavailable', reason: 'socket hang up' });
  });
});

describe('iamEnrichmentSource (mocked IAM, shaped like AWS)', () => {
  const iam = mockClient(IAMClient);
  beforeEach(() => iam.reset());
  const client = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' } });

  it('default version: GetPolicy → DefaultVersionId, GetPolicyVersion → URL-encoded document', async () => {
    iam.on(GetPolicyCommand, { PolicyArn: CUSTOMER }).resolves({
      Policy: { PolicyName: 'batch-worker-access', Arn: CUSTOMER, DefaultVersionId: 'v3', AttachmentCount: 1, IsAttachable: true },
    });
    iam.on(GetPolicyVersionCommand, { PolicyArn: CUSTOMER, VersionId: 'v3' }).resolves({
      PolicyVersion: { Document: enc(ADMIN), VersionId: 'v3', IsDefaultVersion: true, CreateDate: new Date('2026-11-01T00:00:00Z') },
    });
    const e = await enrich(iamCall('AttachRolePolicy', { roleName: 'r', policyArn: CUSTOMER }), iamEnrichmentSource(client));
    const got = e.policyDocuments[CUSTOMER];
    expect(got.status).toBe('ok');
    if (got.status === 'ok') expect(got.value.statements[0]).toMatchObject({ effect: 'Allow', action: ['*'], resource: ['*'] });
  });

  it('a specific version skips GetPolicy', async () => {
    iam.on(GetPolicyVersionCommand, { PolicyArn: CUSTOMER, VersionId: 'v2' }).resolves({ PolicyVersion: { Document: enc(READ), VersionId: 'v2', IsDefaultVersion: false } });
    const doc = await iamEnrichmentSource(client).getPolicyDocument(CUSTOMER, 'v2');
    expect(doc.statements[0].action).toEqual(['s3:GetObject']);
    expect(iam.commandCalls(GetPolicyCommand)).toHaveLength(0);
  });

  it('group policies: pages of attached and inline policies (Marker / IsTruncated), customer documents read', async () => {
    iam
      .on(ListAttachedGroupPoliciesCommand, { GroupName: 'Developers', Marker: undefined })
      .resolves({ AttachedPolicies: [{ PolicyName: 'PowerUserAccess', PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' }], IsTruncated: true, Marker: 'm1' })
      .on(ListAttachedGroupPoliciesCommand, { GroupName: 'Developers', Marker: 'm1' })
      .resolves({ AttachedPolicies: [{ PolicyName: 'batch-worker-access', PolicyArn: CUSTOMER }], IsTruncated: false });
    iam
      .on(ListGroupPoliciesCommand, { GroupName: 'Developers', Marker: undefined })
      .resolves({ PolicyNames: ['inline-a'], IsTruncated: true, Marker: 'p1' })
      .on(ListGroupPoliciesCommand, { GroupName: 'Developers', Marker: 'p1' })
      .resolves({ PolicyNames: ['inline-b'], IsTruncated: false });
    iam.on(GetGroupPolicyCommand, { GroupName: 'Developers', PolicyName: 'inline-a' }).resolves({ GroupName: 'Developers', PolicyName: 'inline-a', PolicyDocument: enc(READ) });
    iam.on(GetGroupPolicyCommand, { GroupName: 'Developers', PolicyName: 'inline-b' }).resolves({ GroupName: 'Developers', PolicyName: 'inline-b', PolicyDocument: enc(ADMIN) });
    iam.on(GetPolicyCommand, { PolicyArn: CUSTOMER }).resolves({ Policy: { Arn: CUSTOMER, DefaultVersionId: 'v1' } });
    iam.on(GetPolicyVersionCommand, { PolicyArn: CUSTOMER, VersionId: 'v1' }).resolves({ PolicyVersion: { Document: enc(READ), VersionId: 'v1' } });

    const e = await enrich(iamCall('AddUserToGroup', { groupName: 'Developers', userName: 'bob' }), iamEnrichmentSource(client));
    const g = e.groupPolicies.Developers;
    expect(g.status).toBe('ok');
    if (g.status !== 'ok') return;
    expect(g.value.attachedPolicyArns).toEqual(['arn:aws:iam::aws:policy/PowerUserAccess', CUSTOMER]);
    expect(g.value.inlinePolicies.map((p) => p.name)).toEqual(['inline-a', 'inline-b']);
    expect(g.value.inlinePolicies[1].document.statements[0].action).toEqual(['*']);
    expect(g.value.attachedDocuments.map((d) => d.arn)).toEqual([CUSTOMER]);
    expect(g.value.unreadablePolicies).toBeUndefined();
    // AWS-managed policies are never fetched: they are judged from the bundled table.
    expect(iam.commandCalls(GetPolicyCommand).map((c) => c.args[0].input.PolicyArn)).toEqual([CUSTOMER]);
  });

  it('an attached customer policy that cannot be read is listed as unreadable, the rest still returned', async () => {
    iam.on(ListAttachedGroupPoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'x', PolicyArn: CUSTOMER }], IsTruncated: false });
    iam.on(ListGroupPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
    iam.on(GetPolicyCommand).rejects(new NoSuchEntityException({ $metadata: { httpStatusCode: 404 }, message: `Policy ${CUSTOMER} was not found.` }));
    const g = await iamEnrichmentSource(client).getGroupPolicies('G');
    expect(g.unreadablePolicies).toEqual([{ arn: CUSTOMER, reason: 'NoSuchEntityException' }]);
  });

  it('AccessDenied and Throttling become unavailable with the error name', async () => {
    iam.on(GetPolicyCommand).rejects(awsError('AccessDenied', `User: arn:aws:sts::${ACCT}:assumed-role/scorer/x is not authorized to perform: iam:GetPolicy`));
    const denied = await enrich(iamCall('AttachUserPolicy', { userName: 'bob', policyArn: CUSTOMER }), iamEnrichmentSource(client));
    expect(denied.policyDocuments[CUSTOMER]).toEqual({ status: 'unavailable', reason: 'AccessDenied' });
    iam.reset();
    iam.on(ListAttachedGroupPoliciesCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    const throttled = await enrich(iamCall('AddUserToGroup', { groupName: 'G', userName: 'bob' }), iamEnrichmentSource(client));
    expect(throttled.groupPolicies.G).toEqual({ status: 'unavailable', reason: 'Throttling' });
  });

  it('a document IAM returns that does not parse is reported, not thrown through', async () => {
    iam.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { Document: '%7B%22Statement%22%3A', VersionId: 'v9' } });
    const e = await enrich(iamCall('SetDefaultPolicyVersion', { policyArn: CUSTOMER, versionId: 'v9' }), iamEnrichmentSource(client));
    expect(e.policyDocuments[`${CUSTOMER}#v9`]).toEqual({ status: 'unavailable', reason: 'MalformedPolicyDocument' });
  });
});
