/**
 * leastPrivilege (check-policy --needs): the needed actions missing or unknown, how much more the policy grants, the
 * statements that grant more than needed, and the narrowed document in AWS's JSON form (Sid, Condition, Resource /
 * NotResource kept; Deny statements kept as they are; with --resource, only the given ARNs each statement covers).
 */
import { getCatalog } from '../../lib/policy/catalog';
import { leastPrivilege } from '../../lib/policy/least-privilege';
import { allow, deny, doc } from './helpers';

const s3Count = (() => {
  const r = getCatalog().serviceRanges.get('s3');
  return r ? r.end - r.start : 0;
})();

describe('needs against a broad grant', () => {
  it('s3:* for GetObject and PutObject: nothing missing, the rest is excess, the suggestion names the two', () => {
    const lp = leastPrivilege(doc([allow('s3:*')]), ['s3:GetObject', 's3:PutObject']);
    expect(lp).toEqual({
      needs: ['s3:GetObject', 's3:PutObject'],
      unknownNeeds: [],
      missing: [],
      excessCount: s3Count - 2,
      statements: [{ statement: 'Statement 0', uses: ['s3:*'], grants: s3Count, needed: ['s3:GetObject', 's3:PutObject'], suggestion: ['s3:GetObject', 's3:PutObject'] }],
      suggestedPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }] },
    });
  });

  it('a need written as a wildcard is expanded; an unknown need is reported, a need not granted is missing', () => {
    const lp = leastPrivilege(doc([allow('s3:Get*')]), ['s3:GetObjectT*', 's3:GetObjekt', 'ec2:RunInstances']);
    expect(lp.unknownNeeds).toEqual(['s3:GetObjekt']);
    expect(lp.missing).toEqual(['ec2:RunInstances']);
    expect(lp.statements[0].needed).toEqual(['s3:GetObjectTagging', 's3:GetObjectTorrent']);
    expect(lp.suggestedPolicy.Statement).toEqual([{ Effect: 'Allow', Action: ['s3:GetObjectTagging', 's3:GetObjectTorrent'], Resource: '*' }]);
  });

  it('keeps Sid, Condition and NotResource; one action or resource is written as a string', () => {
    const cond = { Bool: { 'aws:SecureTransport': ['true'] } };
    const lp = leastPrivilege(doc([{ Sid: 'Read', Effect: 'Allow', Action: 's3:*', NotResource: ['arn:aws:s3:::secret/*'], Condition: cond }]), ['s3:GetObject']);
    expect(lp.statements[0].statement).toBe('Statement "Read"');
    expect(lp.suggestedPolicy.Statement).toEqual([{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*', Condition: cond }]);
  });

  it('a statement granting exactly what is needed, without a wildcard, is not listed as too broad', () => {
    const lp = leastPrivilege(doc([allow(['s3:GetObject']), allow('ec2:*')]), ['s3:GetObject']);
    expect(lp.statements.map((s) => [s.statement, s.needed])).toEqual([['Statement 1', []]]);
    expect(lp.suggestedPolicy.Statement).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
  });

  it('a statement naming more actions than needed is listed, with the ones to keep', () => {
    const lp = leastPrivilege(doc([allow(['s3:GetObject', 's3:PutObject', 's3:DeleteObject'])]), ['s3:GetObject']);
    expect(lp.statements).toEqual([{ statement: 'Statement 0', uses: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], grants: 3, needed: ['s3:GetObject'], suggestion: ['s3:GetObject'] }]);
  });

  it('a wildcard matching exactly the needs is still listed: the suggestion names them instead', () => {
    const lp = leastPrivilege(doc([allow('s3:GetObjectT*')]), ['s3:GetObjectTagging', 's3:GetObjectTorrent']);
    expect(lp.statements).toEqual([{ statement: 'Statement 0', uses: ['s3:GetObjectT*'], grants: 2, needed: ['s3:GetObjectTagging', 's3:GetObjectTorrent'], suggestion: ['s3:GetObjectTagging', 's3:GetObjectTorrent'] }]);
    expect(lp.excessCount).toBe(0);
  });

  it('NotAction is shown as such and narrowed to the needs', () => {
    const lp = leastPrivilege(doc([{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }]), ['s3:GetObject']);
    expect(lp.statements[0]).toMatchObject({ uses: ['NotAction iam:*', 'NotAction organizations:*'], needed: ['s3:GetObject'] });
    expect(lp.suggestedPolicy.Statement).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
  });

  it('Deny statements are kept as they are (Action or NotAction)', () => {
    const lp = leastPrivilege(doc([allow('s3:*'), deny('s3:DeleteBucket'), { Effect: 'Deny', NotAction: 's3:Get*', Resource: 'arn:aws:s3:::locked/*' }]), ['s3:GetObject']);
    expect(lp.suggestedPolicy.Statement).toEqual([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
      { Effect: 'Deny', NotAction: 's3:Get*', Resource: 'arn:aws:s3:::locked/*' },
    ]);
  });

  it('no statement grants a need: an empty suggestion', () => {
    const lp = leastPrivilege(doc([allow('ec2:Describe*')]), ['s3:GetObject']);
    expect(lp.missing).toEqual(['s3:GetObject']);
    expect(lp.suggestedPolicy.Statement).toEqual([]);
  });
});

describe('narrowed to given resources (--resource)', () => {
  const KEY = 'arn:aws:s3:::data/reports/2026.csv';
  const OTHER = 'arn:aws:s3:::other/x';

  it('each statement keeps the given ARNs its Resource covers', () => {
    const lp = leastPrivilege(doc([allow('s3:*', 'arn:aws:s3:::data/*')]), ['s3:GetObject'], { resources: [KEY, OTHER] });
    expect(lp).toMatchObject({ resources: [KEY, OTHER], notOnResources: [], missing: [] });
    expect(lp.suggestedPolicy.Statement).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: KEY }]);
  });

  it('NotResource keeps the given ARNs it does not exclude', () => {
    const lp = leastPrivilege(doc([{ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::other/*' }]), ['s3:GetObject'], { resources: [KEY, OTHER] });
    expect(lp.suggestedPolicy.Statement).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: KEY }]);
  });

  it('a need granted only elsewhere is "not on the given resources", and its statement is left out', () => {
    const lp = leastPrivilege(doc([allow('s3:GetObject', 'arn:aws:s3:::data/*'), allow('s3:PutObject', 'arn:aws:s3:::logs/*')]), ['s3:GetObject', 's3:PutObject', 'ec2:RunInstances'], { resources: [KEY] });
    expect(lp.missing).toEqual(['ec2:RunInstances']);
    expect(lp.notOnResources).toEqual(['s3:PutObject']);
    expect(lp.suggestedPolicy.Statement).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: KEY }]);
  });

  it('an empty --resource list is no narrowing', () => {
    const lp = leastPrivilege(doc([allow('s3:*', 'arn:aws:s3:::data/*')]), ['s3:GetObject'], { resources: [] });
    expect(lp.resources).toBeUndefined();
    expect(lp.notOnResources).toBeUndefined();
    expect(lp.suggestedPolicy.Statement).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }]);
  });
});
