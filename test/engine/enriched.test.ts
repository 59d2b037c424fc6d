/**
 * The scorer with the real rule catalogue and IAM enrichment over a mocked client (documents URL-encoded, as SDK v3
 * returns them): what the event does not carry decides the outcome when it can be read, and the change is scored
 * conservatively (at least medium, saying what could not be checked) when it cannot.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { GetPolicyCommand, GetPolicyVersionCommand, IAMClient, IAMServiceException, ListAttachedGroupPoliciesCommand, ListGroupPoliciesCommand, GetGroupPolicyCommand } from '@aws-sdk/client-iam';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { scoreEvent } from '../../lib/engine/score-event';
import { iamEnrichmentSource } from '../../lib/aws/iam-enricher';
import { severityRank } from '../../lib/findings/types';

const EVENTS = join(__dirname, '..', '..', 'events');
const sample = (f: string): unknown => JSON.parse(readFileSync(join(EVENTS, f), 'utf8'));
const NOW = '2026-11-02T10:00:00Z';
const CUSTOMER = 'arn:aws:iam::111122223333:policy/batch-worker-access';
const enc = (d: unknown) => encodeURIComponent(JSON.stringify(d));
const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const NARROW = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], Resource: 'arn:aws:sqs:us-east-1:111122223333:jobs' }] };

const iam = mockClient(IAMClient);
const client = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' } });
beforeEach(() => iam.reset());

function policyReturns(doc: unknown): void {
  iam.on(GetPolicyCommand, { PolicyArn: CUSTOMER }).resolves({ Policy: { Arn: CUSTOMER, PolicyName: 'batch-worker-access', DefaultVersionId: 'v2' } });
  iam.on(GetPolicyVersionCommand, { PolicyArn: CUSTOMER, VersionId: 'v2' }).resolves({ PolicyVersion: { Document: enc(doc), VersionId: 'v2', IsDefaultVersion: true } });
}

describe('AttachRolePolicy of a customer-managed policy', () => {
  const input = sample('attach-customer-policy-to-role-unverified.json');

  it('admin document read from IAM → admin-granted, high, alert', async () => {
    policyReturns(ADMIN);
    const s = await scoreEvent(input, { config: DEFAULT_CONFIG, now: NOW, source: iamEnrichmentSource(client) });
    expect(s.findings.map((f) => f.ruleId)).toContain('admin-granted');
    expect(s.severity).toBe('high');
    expect(s.alert).toBe(true);
  });

  it('narrow document read from IAM → no alert', async () => {
    policyReturns(NARROW);
    const s = await scoreEvent(input, { config: DEFAULT_CONFIG, now: NOW, source: iamEnrichmentSource(client) });
    expect(s.alert).toBe(false);
  });

  it('AccessDenied reading it → at least medium, alert, and the finding says what could not be checked', async () => {
    iam.on(GetPolicyCommand).rejects(new IAMServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'not authorized' }));
    const s = await scoreEvent(input, { config: DEFAULT_CONFIG, now: NOW, source: iamEnrichmentSource(client) });
    expect(s.severity).not.toBe('none');
    if (s.severity !== 'none') expect(severityRank(s.severity)).toBeGreaterThanOrEqual(severityRank('medium'));
    expect(s.alert).toBe(true);
    expect(s.findings.map((f) => f.message).join(' ')).toMatch(/AccessDenied/);
  });
});

describe('AddUserToGroup', () => {
  it('a group whose inline policy is admin → admin-granted', async () => {
    const input = JSON.parse(JSON.stringify(sample('add-user-to-admin-group.json'))) as { detail: { requestParameters: Record<string, string> } };
    input.detail.requestParameters.groupName = 'ops';
    iam.on(ListAttachedGroupPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    iam.on(ListGroupPoliciesCommand).resolves({ PolicyNames: ['everything'], IsTruncated: false });
    iam.on(GetGroupPolicyCommand).resolves({ GroupName: 'ops', PolicyName: 'everything', PolicyDocument: enc(ADMIN) });
    const s = await scoreEvent(input, { config: DEFAULT_CONFIG, now: NOW, source: iamEnrichmentSource(client) });
    expect(s.findings.map((f) => f.ruleId)).toContain('admin-granted');
    expect(s.alert).toBe(true);
  });

  it('a group with a narrow customer policy → no alert', async () => {
    const input = JSON.parse(JSON.stringify(sample('add-user-to-admin-group.json'))) as { detail: { requestParameters: Record<string, string> } };
    input.detail.requestParameters.groupName = 'queue-workers';
    iam.on(ListAttachedGroupPoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'batch-worker-access', PolicyArn: CUSTOMER }], IsTruncated: false });
    iam.on(ListGroupPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
    policyReturns(NARROW);
    const s = await scoreEvent(input, { config: DEFAULT_CONFIG, now: NOW, source: iamEnrichmentSource(client) });
    expect(s.alert).toBe(false);
  });
});
