/**
 * Wildcard problems of check-policy: the message a user reads (how many actions of which access levels, where), its
 * severity (Permissions management on every resource > elsewhere > Write only > Read/List only), its place (the
 * Action entry), and the patterns that are not reported (one action, unknown, "*"). Counts come from the catalogue
 * entries directly, not from the code under test.
 */
import { getCatalog } from '../../lib/policy/catalog';
import { checkPolicyDocument } from '../../lib/policy/lint/check';
import { readPolicyText } from '../../lib/policy/lint/input';

function problems(...Statement: Record<string, unknown>[]) {
  const r = readPolicyText(JSON.stringify({ Version: '2012-10-17', Statement }, null, 2), 'p.json');
  if (!r.ok) throw new Error(r.error);
  return checkPolicyDocument(r.input.document, r.input.warnings, {}, r.input).problems.filter((p) => /wildcard|notaction/.test(p.code));
}

/** Counts per access level of the actions of `service` whose name starts with `prefix`. */
function levels(service: string, prefix: string): { total: number; pm: number; write: number } {
  const acts = getCatalog().actions.filter((a) => a.service === service && a.name.toLowerCase().startsWith(prefix.toLowerCase()));
  return { total: acts.length, pm: acts.filter((a) => a.level === 'Permissions management').length, write: acts.filter((a) => a.level === 'Write').length };
}

describe('service wildcards', () => {
  it('"s3:*" on one bucket: every s3 action there, of them Permissions management and Write; low', () => {
    const l = levels('s3', '');
    const [p] = problems({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::uploads/*' });
    expect(p).toMatchObject({ severity: 'low', code: 'service-wildcard', path: ['Statement', 0, 'Action'] });
    expect(p.message).toMatch(new RegExp(`^"s3:\\*" on "arn:aws:s3:::uploads/\\*" is every s3 action there — ${l.total} actions, of them ${l.pm} Permissions management \\(they decide who else gets in\\) and ${l.write} Write; the most dangerous: [A-Za-z]+(, [A-Za-z]+)*$`));
  });

  it('"sqs:*" on every resource: full sqs access; medium', () => {
    const l = levels('sqs', '');
    const [p] = problems({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' });
    expect(p.severity).toBe('medium');
    expect(p.message.startsWith(`"sqs:*" on every resource ("*") is full sqs access — all ${l.total} actions, of them ${l.pm} Permissions management (they decide who else gets in) and ${l.write} Write; the most dangerous: `)).toBe(true);
  });
});

describe('action wildcards', () => {
  it('Read/List only: info, no level breakdown', () => {
    const l = levels('ec2', 'Describe');
    const [p] = problems({ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' });
    expect(p).toMatchObject({ severity: 'info', code: 'action-wildcard', message: `"ec2:Describe*" on every resource ("*") is ${l.total} ec2 actions` });
  });

  it('Write only: low, the count without "of them"', () => {
    const l = levels('logs', 'Create');
    expect(l.pm).toBe(0);
    const [p] = problems({ Effect: 'Allow', Action: 'logs:Create*', Resource: '*' });
    expect(p.severity).toBe('low');
    expect(p.message).toMatch(new RegExp(`^"logs:Create\\*" on every resource \\("\\*"\\) is ${l.total} logs actions, ${l.write} Write(; the most dangerous: .+)?$`));
  });

  it('Permissions management and Write on every resource: medium, "of them"', () => {
    const l = levels('s3', 'Put');
    const [p] = problems({ Effect: 'Allow', Action: 's3:Put*', Resource: '*' });
    expect(p.severity).toBe('medium');
    expect(p.message).toMatch(new RegExp(`^"s3:Put\\*" on every resource \\("\\*"\\) is ${l.total} s3 actions, of them ${l.pm} Permissions management \\(they decide who else gets in\\) and ${l.write} Write; `));
  });

  it('in a list, the path points at the entry', () => {
    const ps = problems({ Effect: 'Allow', Action: ['s3:GetObject', 'ec2:Describe*'], Resource: '*' });
    expect(ps.map((p) => p.path)).toEqual([['Statement', 0, 'Action', 1]]);
  });

  it('not reported: a pattern matching one action, an unknown pattern, a literal action', () => {
    expect(problems({ Effect: 'Allow', Action: ['s3:GetObjec?', 's3:Frobnicate*', 's3:GetObject'], Resource: '*' })).toEqual([]);
  });

  it('a Deny with a wildcard is not a grant (no wildcard problem)', () => {
    expect(problems({ Effect: 'Deny', Action: 's3:*', Resource: '*' })).toEqual([]);
  });
});

describe('Allow with NotAction', () => {
  it('medium, at NotAction, listing what is excluded', () => {
    expect(problems({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: 'arn:aws:s3:::b/*' })).toEqual([
      expect.objectContaining({ severity: 'medium', code: 'allow-notaction', path: ['Statement', 0, 'NotAction'], message: 'Statement 0 allows every action except "iam:*", "organizations:*", including those of services AWS adds later: list the actions instead' }),
    ]);
  });
  it('Deny with NotAction is the usual guard-rail: not reported', () => {
    expect(problems({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' })).toEqual([]);
  });
});
