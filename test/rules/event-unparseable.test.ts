/**
 * unparseable-event on policy-bearing calls: which field each call carries its document in, documents beyond the
 * parser's limits (read, but only partly judged: high), resources of unreadable CreatePolicy calls (issue 21: the
 * surviving mutants of this rule were branches no example separated).
 */
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { DOCUMENT_FIELDS, unparseableEvent, unreadableDocument } from '../../lib/rules/event/unparseable-event';
import { POLICY_LIMITS } from '../../lib/policy/document';
import { iamCall, userIdentity } from '../support/event-records';

const A = '111122223333';
const TRUNCATED = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", ';
const run = (input: unknown) => unparseableEvent.evaluate(normalizeEvent(input), { config: DEFAULT_CONFIG, enrichment: emptyEnrichment() });
const manyStatements = (n: number) =>
  JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: n }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b${i}/*` })) });

describe('unparseable-event: the document field of each policy-bearing call', () => {
  it('names the field each call carries its document in', () => {
    expect(DOCUMENT_FIELDS).toEqual({
      PutUserPolicy: 'policyDocument',
      PutGroupPolicy: 'policyDocument',
      PutRolePolicy: 'policyDocument',
      CreatePolicy: 'policyDocument',
      CreatePolicyVersion: 'policyDocument',
      UpdateAssumeRolePolicy: 'policyDocument',
      CreateRole: 'assumeRolePolicyDocument',
    });
  });

  it.each(Object.entries(DOCUMENT_FIELDS))('%s: an unreadable %s is found in its field', (eventName, field) => {
    const rp = { userName: 'u', groupName: 'g', roleName: 'r', policyName: 'p', policyArn: `arn:aws:iam::${A}:policy/p`, [field]: TRUNCATED };
    const ev = normalizeEvent(iamCall(eventName, userIdentity('mallory'), rp));
    expect(unreadableDocument(ev)).toEqual({ field: `requestParameters.${field}`, error: expect.stringContaining('not valid JSON') });
  });
});

describe('unparseable-event: a document beyond the parser’s limits', () => {
  const over = POLICY_LIMITS.maxStatements + 1;

  it('is reported once, high and unverified, saying it was only partly evaluated', () => {
    const input = iamCall('PutUserPolicy', userIdentity('mallory'), { userName: 'bob', policyName: 'huge', policyDocument: manyStatements(over) });
    expect(normalizeEvent(input).problems).toEqual([]);
    const [h, ...rest] = run(input);
    expect(rest).toEqual([]);
    expect(h.severity).toBe('high');
    expect(h.factors).toEqual({ unverified: true });
    expect(h.resource).toBe(`arn:aws:iam::${A}:user/bob`);
    const text = `requestParameters.policyDocument is beyond the policy parser's limits and was only partly evaluated: policy document has ${over} statements (limit ${POLICY_LIMITS.maxStatements}); the rest were not evaluated`;
    expect(h.evidence?.problems).toEqual([text]);
    expect(h.message.endsWith(`could not be fully read: ${text}.`)).toBe(true);
  });

  it('at the limit it is read whole: nothing to report', () => {
    expect(run(iamCall('PutUserPolicy', userIdentity('mallory'), { userName: 'bob', policyName: 'big', policyDocument: manyStatements(POLICY_LIMITS.maxStatements) }))).toEqual([]);
  });
});

describe('unparseable-event: resources', () => {
  it('an unreadable CreatePolicy names the policy it would create; without a name, the account', () => {
    expect(run(iamCall('CreatePolicy', userIdentity('mallory'), { policyName: 'wide', policyDocument: TRUNCATED }))[0].resource).toBe(`arn:aws:iam::${A}:policy/wide`);
    expect(run(iamCall('CreatePolicy', userIdentity('mallory'), { policyDocument: TRUNCATED }))[0].resource).toBe(A);
  });

  it('a failed call with an unreadable document is not a change', () => {
    const ev = normalizeEvent(iamCall('PutRolePolicy', userIdentity('mallory'), { roleName: 'r', policyName: 'p', policyDocument: TRUNCATED }, undefined, { errorCode: 'MalformedPolicyDocument', errorMessage: 'Syntax errors in policy.' }));
    expect(unreadableDocument(ev)).toBeUndefined();
  });
});
