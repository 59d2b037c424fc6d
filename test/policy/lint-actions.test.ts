/**
 * lib/policy/lint/actions (is it an action AWS accepts, does it name one that exists, "did you mean") and
 * lib/policy/lint/dangerous (which actions of a wildcard to name first: those that change who gets access, then those
 * that delete; derived from the catalogue's access levels and the escalation and sensitive-grant lists).
 */
import { checkAction, suggestAction } from '../../lib/policy/lint/actions';
import { dangerousActions } from '../../lib/policy/lint/dangerous';
import { getCatalog, matchActionPattern, setSize } from '../../lib/policy/catalog';

const version = getCatalog().version;
const malformed = (a: string) => ({ ok: false, malformed: true, message: `${JSON.stringify(a)} is not an action: AWS needs "service:Action" (e.g. "s3:GetObject") or "*"` });

describe('checkAction', () => {
  it.each(['*', ' * ', 's3:GetObject', 'S3:getobject', 's3:get*', 'iam:Attach?olePolicy', '*:List*'])('%j is an action', (a) => {
    expect(checkAction(a)).toEqual({ ok: true });
  });

  it.each(['s3GetObject', ':GetObject', 's3:', 's3:Get Object', 's3:Get\tObject', ''])('%j is malformed (AWS rejects the policy)', (a) => {
    expect(checkAction(a)).toEqual(malformed(a));
  });

  it('a well-formed name that matches nothing: which part is unknown, and the closest action', () => {
    expect(checkAction('s3:GetObjekt')).toEqual({
      ok: false,
      malformed: false,
      message: `"s3:GetObjekt" matches no action (no such action; or it is newer than the catalogue ${version}) — did you mean "s3:GetObject"?`,
      suggestion: 's3:GetObject',
    });
    expect(checkAction('s4:GetObject')).toEqual({
      ok: false,
      malformed: false,
      message: `"s4:GetObject" matches no action (no AWS service is called "s4"; or it is newer than the catalogue ${version}) — did you mean "s3:GetObject"?`,
      suggestion: 's3:GetObject',
    });
    expect(checkAction('s3:Qqqqqqqqqqqqqqq')).toEqual({ ok: false, malformed: false, message: `"s3:Qqqqqqqqqqqqqqq" matches no action (no such action; or it is newer than the catalogue ${version})`, suggestion: undefined });
    expect(checkAction('zzzzzzzzzzzz:Foo')).toMatchObject({ message: `"zzzzzzzzzzzz:Foo" matches no action (no AWS service is called "zzzzzzzzzzzz"; or it is newer than the catalogue ${version})`, suggestion: undefined });
  });
});

describe('suggestAction', () => {
  it.each([
    ['s3:GetObjekt', 's3:GetObject'],
    ['s4:GetObject', 's3:GetObject'],
    ['S3:getobject', 's3:GetObject'],
    ['iam:PasRole', 'iam:PassRole'],
    // A wildcard: only a misspelt service is corrected (the pattern stays as written).
    ['s4:Get*', 's3:Get*'],
    ['s3:Nope*', undefined],
    ['zzzzzzzzzzzz:Foo', undefined],
    ['s3:Qqqqqqqqqqqqqqq', undefined],
    ['x', undefined],
    [':x', undefined],
  ])('%j → %j', (a, s) => expect(suggestAction(a)).toBe(s));
});

describe('dangerousActions', () => {
  const of = (pattern: string, limit?: number) => dangerousActions(matchActionPattern(pattern).set, limit);
  const c = getCatalog();
  const level = (id: string) => c.actions[c.index.get(id.toLowerCase()) as number].level;

  it('counts the actions of the set per access level', () => {
    for (const p of ['kms:*', 's3:*', 'ec2:Describe*']) {
      const d = of(p);
      expect(d.total).toBe(setSize(matchActionPattern(p).set));
      expect(Object.values(d.levels).reduce((a, b) => a + (b ?? 0), 0)).toBe(d.total);
    }
    expect(of('s3:Get*').levels).toEqual({ Read: of('s3:Get*').total });
    // A whole service: each level holds exactly the service's catalogued actions of that level.
    const kms = of('kms:*').levels;
    for (const l of ['List', 'Read', 'Write', 'Permissions management', 'Tagging'] as const) {
      expect(kms[l] ?? 0).toBe(c.actions.filter((a) => a.service === 'kms' && a.level === l).length);
    }
  });

  it('names the escalation actions first (iam:PassRole before the longer names), at most six', () => {
    const iam = of('iam:*').top;
    expect(iam).toHaveLength(6);
    expect(iam[0]).toBe('iam:PassRole');
    expect(new Set(iam).size).toBe(6);
  });

  it('then actions that change access (policies, ACLs, grants), then deletions; reading highlights nothing', () => {
    const kms = of('kms:*').top;
    expect(kms).toContain('kms:PutKeyPolicy');
    expect(kms).toContain('kms:CreateGrant');
    const s3 = of('s3:*', 3).top;
    expect(s3).toHaveLength(3);
    // Two thirds access-changing, the rest destructive, so both kinds show.
    expect(s3[0]).toMatch(/Policy|Acl|Grant|Permission|PublicAccess|Sharing/);
    expect(s3[1]).toMatch(/Policy|Acl|Grant|Permission|PublicAccess|Sharing/);
    expect(s3[2]).toMatch(/^s3:Delete/);
    expect(of('s3:*').top).toEqual(expect.arrayContaining(['s3:PutBucketPolicy', 's3:DeleteBucket']));
    expect(of('s3:Get*').top).toEqual([]);
    // Removing or reading access is not changing it: Delete/Remove/Get… of a policy rank after Put/Create.
    const sqs = of('sqs:*').top;
    expect(sqs.indexOf('sqs:AddPermission')).toBeLessThan(sqs.indexOf('sqs:RemovePermission'));
    expect(sqs.every((id) => ['Permissions management', 'Write'].includes(level(id)))).toBe(true);
    // Fewer candidates than the limit: all of them.
    expect(sqs.length).toBeLessThanOrEqual(6);
    expect(of('sqs:*', 1).top).toEqual(['sqs:AddPermission']);
  });

  it('with few access-changing actions, the deletions fill the list', () => {
    const del = of('ec2:Delete*').top;
    expect(del).toHaveLength(6);
    expect(del.every((id) => /^ec2:Delete/.test(id))).toBe(true);
    const write = of('dynamodb:Delete*', 6).top;
    expect(write.length).toBeGreaterThan(0);
    expect(write.every((id) => /^dynamodb:Delete/.test(id))).toBe(true);
  });
});
