/**
 * iam-policy-changed (the CIS 4.4 audit trail), call by call: all seventeen event names of the CIS metric filter, each
 * with its verb, its holder (user, group or role, with the right preposition), its version and its resource (issue 21:
 * surviving mutants of this rule were event names and verbs no example read).
 */
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { iamPolicyChanged, IAM_POLICY_CHANGE_EVENTS } from '../../lib/rules/event/iam-policy-changed';
import { iamCall, userIdentity } from '../support/event-records';

const A = '111122223333';
const P = `arn:aws:iam::${A}:policy/team-data`;
const run = (eventName: string, rp: unknown, re?: unknown) => iamPolicyChanged.evaluate(normalizeEvent(iamCall(eventName, userIdentity('alice'), rp, re)), { config: DEFAULT_CONFIG, enrichment: emptyEnrichment() });
const AT = ' at 2026-11-02T09:14:27Z.';

describe('iam-policy-changed: the CIS 4.4 event names', () => {
  it.each([
    ['DeleteGroupPolicy', { groupName: 'ops', policyName: 'inline' }, `arn:aws:iam::${A}:group/ops`, 'deleted inline policy inline from group ops'],
    ['DeleteRolePolicy', { roleName: 'app', policyName: 'inline' }, `arn:aws:iam::${A}:role/app`, 'deleted inline policy inline from role app'],
    ['DeleteUserPolicy', { userName: 'bob', policyName: 'inline' }, `arn:aws:iam::${A}:user/bob`, 'deleted inline policy inline from user bob'],
    ['PutGroupPolicy', { groupName: 'ops', policyName: 'inline', policyDocument: '{}' }, `arn:aws:iam::${A}:group/ops`, 'put inline policy inline on group ops'],
    ['PutRolePolicy', { roleName: 'app', policyName: 'inline', policyDocument: '{}' }, `arn:aws:iam::${A}:role/app`, 'put inline policy inline on role app'],
    ['PutUserPolicy', { userName: 'bob', policyName: 'inline', policyDocument: '{}' }, `arn:aws:iam::${A}:user/bob`, 'put inline policy inline on user bob'],
    ['CreatePolicy', { policyName: 'team-data', policyDocument: '{}' }, `arn:aws:iam::${A}:policy/team-data`, 'created managed policy team-data'],
    ['DeletePolicy', { policyArn: P }, P, 'deleted managed policy team-data'],
    ['CreatePolicyVersion', { policyArn: P, policyDocument: '{}', setAsDefault: true }, P, 'created a new version of managed policy team-data'],
    ['DeletePolicyVersion', { policyArn: P, versionId: 'v2' }, P, 'deleted a version of managed policy team-data (v2)'],
    ['SetDefaultPolicyVersion', { policyArn: P, versionId: 'v3' }, P, 'changed the default version of managed policy team-data (v3)'],
    ['AttachRolePolicy', { roleName: 'app', policyArn: P }, `arn:aws:iam::${A}:role/app`, 'attached managed policy team-data to role app'],
    ['DetachRolePolicy', { roleName: 'app', policyArn: P }, `arn:aws:iam::${A}:role/app`, 'detached managed policy team-data from role app'],
    ['AttachUserPolicy', { userName: 'bob', policyArn: P }, `arn:aws:iam::${A}:user/bob`, 'attached managed policy team-data to user bob'],
    ['DetachUserPolicy', { userName: 'bob', policyArn: P }, `arn:aws:iam::${A}:user/bob`, 'detached managed policy team-data from user bob'],
    ['AttachGroupPolicy', { groupName: 'ops', policyArn: P }, `arn:aws:iam::${A}:group/ops`, 'attached managed policy team-data to group ops'],
    ['DetachGroupPolicy', { groupName: 'ops', policyArn: P }, `arn:aws:iam::${A}:group/ops`, 'detached managed policy team-data from group ops'],
  ])('%s', (eventName, rp, resource, sentence) => {
    expect(IAM_POLICY_CHANGE_EVENTS).toContain(eventName);
    const hits = run(eventName, rp);
    expect(hits.map((h) => [h.resource, h.message])).toEqual([[resource, `IAM user alice ${sentence}${AT}`]]);
    expect(hits[0].fix?.cli).toBe(`aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=${eventName} --region us-east-1`);
  });

  it('a CreatePolicy ARN from the response is the resource; an unnamed policy is "unnamed"', () => {
    expect(run('CreatePolicy', { policyName: 'team-data', path: '/x/', policyDocument: '{}' }, { policy: { arn: `arn:aws:iam::${A}:policy/x/team-data` } })[0].resource).toBe(`arn:aws:iam::${A}:policy/x/team-data`);
    expect(run('CreatePolicy', { policyDocument: '{}' })[0].message).toBe(`IAM user alice created managed policy unnamed${AT}`);
  });

  it('other IAM calls and other services are not policy changes', () => {
    expect(run('TagPolicy', { policyArn: P })).toEqual([]);
    expect(iamPolicyChanged.evaluate(normalizeEvent({ ...iamCall('PutRolePolicy', userIdentity('alice'), { roleName: 'a', policyName: 'p' }), source: 'aws.sts', detail: { ...(iamCall('PutRolePolicy', userIdentity('alice'), { roleName: 'a', policyName: 'p' }).detail as object), eventSource: 'sts.amazonaws.com' } }), { config: DEFAULT_CONFIG, enrichment: emptyEnrichment() })).toEqual([]);
  });
});
