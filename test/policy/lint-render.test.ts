/**
 * check-policy's text report, section by section (lib/policy/lint/render.ts): access per service (names up to four,
 * "all N actions"), many services summarised, unknown actions, warnings, the trust section, the least-privilege
 * section and the "Next:" hint; and the JSON keys in the contract order.
 */
import { checkPolicyDocument, type CheckOptions } from '../../lib/policy/lint/check';
import { checkPolicyJson, checkPolicyText } from '../../lib/policy/lint/render';
import { readPolicyText } from '../../lib/policy/lint/input';
import { getCatalog } from '../../lib/policy/catalog';

function report(value: unknown, opts: CheckOptions = {}, name = 'p.json') {
  const r = readPolicyText(JSON.stringify(value, null, 2), name);
  if (!r.ok) throw new Error(r.error);
  const result = checkPolicyDocument(r.input.document, r.input.warnings, opts, r.input);
  return { result, lines: checkPolicyText(name, result).split('\n') };
}
const policy = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });

describe('access by service', () => {
  it('up to four actions are named; a whole service says "all N actions"', () => {
    const sqs = getCatalog().serviceRanges.get('sqs') as { start: number; end: number };
    const { lines } = report(policy({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 'sqs:*'], Resource: '*' }));
    expect(lines).toContain('  Access by service (2 services):');
    expect(lines).toContain('    s3: Read 1 (GetObject); Write 1 (PutObject)');
    expect(lines.find((l) => l.startsWith('    sqs: '))).toMatch(new RegExp(`— all ${sqs.end - sqs.start} actions$`));
  });

  it('more than four actions of a level are counted, not named', () => {
    const { lines } = report(policy({ Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectTagging', 's3:GetObjectVersion', 's3:GetBucketPolicy'], Resource: 'arn:aws:s3:::b/*' }));
    expect(lines).toContain('  Access by service (1 service):');
    expect(lines).toContain('    s3: Read 5');
    const four = report(policy({ Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectTagging', 's3:GetObjectVersion'], Resource: 'arn:aws:s3:::b/*' })).lines;
    expect(four).toContain('    s3: Read 4 (GetObject, GetObjectAcl, GetObjectTagging, GetObjectVersion)');
  });

  it('more than forty services are summarised in one line', () => {
    const services = getCatalog().services.slice(0, 41);
    const { lines } = report(policy({ Effect: 'Allow', Action: services.map((s) => `${s}:*`), Resource: '*' }));
    expect(lines).toContain(`  Access by service (41 services):`);
    expect(lines.find((l) => l.startsWith('    41 of '))).toMatch(/^ {4}41 of \d+ services; full access to \d+ \(use --json for every action\)$/);
    const forty = report(policy({ Effect: 'Allow', Action: services.slice(0, 40).map((s) => `${s}:*`), Resource: '*' })).lines;
    expect(forty.filter((l) => /^ {4}[a-z0-9-]+: /.test(l))).toHaveLength(40);
  });

  it('no known action: said so', () => {
    const { lines } = report(policy({ Effect: 'Allow', Action: 's3:Frobnicate', Resource: '*' }));
    expect(lines).toContain('  Access by service (0 services):');
    expect(lines).toContain('    (no statement allows a known action)');
    expect(lines.find((l) => l.startsWith('  Unknown actions'))).toMatch(/^ {2}Unknown actions \(typo, or newer than catalogue [^)]+\): s3:Frobnicate$/);
  });
});

describe('other sections', () => {
  it('warnings of the parser and of the analysis, each on its line', () => {
    const { lines } = report(policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::b/*' }, { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }));
    const at = lines.indexOf('  Warnings:');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 4)).toEqual(['    - Statement 0 allows every action except "iam:*" (NotAction with Allow also grants services added later)', '    - Statement 1 denies only under a Condition; it is not assumed to apply', '']);
  });

  it('the trust section: public, external accounts, services, federation', () => {
    const { lines } = report(
      policy(
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'sts:ExternalId': 'x-1' } } },
        { Effect: 'Allow', Principal: { AWS: '777788889999' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } },
        { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/corp' }, Action: 'sts:AssumeRoleWithSAML' },
      ),
      { account: '111122223333' },
    );
    const at = lines.indexOf('  Trust policy:');
    expect(lines.slice(at, at + 7)).toEqual([
      '  Trust policy:',
      '    public: no',
      '    external account 444455556666 (arn:aws:iam::444455556666:root): guarded by aws:MultiFactorAuthPresent, sts:ExternalId',
      '    external account 777788889999 (777788889999): NO ExternalId / MFA / organization condition',
      '    service ec2.amazonaws.com',
      '    service sns.amazonaws.com: no aws:SourceAccount / aws:SourceArn condition (confused deputy)',
      '    federated arn:aws:iam::111122223333:saml-provider/corp: guarded',
    ]);
    expect(lines).toContain('  Resource policy (role-trust): CROSS-ACCOUNT (444455556666, 777788889999)');
  });

  it('a public trust says why', () => {
    const { lines } = report(policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }), { account: '111122223333' });
    expect(lines.find((l) => l.startsWith('    public: '))).toMatch(/^ {4}public: YES — Statement 0 lets principal "\*" \(any AWS account\) assume the role/);
  });

  it('the least-privilege section', () => {
    const { lines } = report(policy({ Sid: 'All', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::data/*' }), { needs: ['s3:GetObject', 'ec2:RunInstances', 's3:Nope'], resources: ['arn:aws:s3:::data/a', 'arn:aws:s3:::other/b'] });
    const at = lines.findIndex((l) => l.startsWith('  Least privilege for '));
    expect(lines[at]).toBe('  Least privilege for s3:GetObject, ec2:RunInstances, s3:Nope on arn:aws:s3:::data/a, arn:aws:s3:::other/b:');
    expect(lines.slice(at + 1, at + 5)).toEqual([
      '    unknown needed actions: s3:Nope',
      '    NOT granted by this policy (left out of the suggestion): ec2:RunInstances',
      expect.stringMatching(/^ {4}granted beyond the needs: \d+ actions$/),
      expect.stringMatching(/^ {4}Statement "All" uses s3:\* \(\d+ actions\); needed: s3:GetObject$/),
    ]);
    expect(lines[at + 5]).toBe('    Suggested policy:');
    expect(JSON.parse(lines.slice(at + 6).filter((l) => l.startsWith('      ')).map((l) => l.slice(6)).join('\n'))).toEqual({ Version: '2012-10-17', Statement: [{ Sid: 'All', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/a' }] });
  });

  it('no suggestion when nothing needed is granted', () => {
    const { lines } = report(policy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }), { needs: ['s3:GetObject'] });
    expect(lines).toContain('    NOT granted by this policy (left out of the suggestion): s3:GetObject');
    expect(lines).toContain('    Statement 0 uses sqs:SendMessage (1 action); needed: none (drop it)');
    expect(lines).toContain('    No suggestion: the policy grants none of the needed actions (on the given resources).');
  });

  it('the "Next:" hint follows a broad grant, quoting the file name for a shell', () => {
    const { lines } = report(policy({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }), {}, "my policy's.json");
    const at = lines.indexOf('  Next: name the actions (and resources) you need and write the narrower policy:');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(`    iam-guardian check-policy --needs sqs:<Action>,sqs:<Action> --resource <arn> --out least-privilege.json 'my policy'\\''s.json'`);
    expect(report(policy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' })).lines.some((l) => l.startsWith('  Next:'))).toBe(false);
    expect(report(policy({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }), { needs: ['sqs:SendMessage'] }).lines.some((l) => l.startsWith('  Next:'))).toBe(false);
  });
});

describe('the Details section\'s admin line', () => {
  it('"ADMIN-EQUIVALENT", with "(under a Condition)" when only a Condition makes it so, else "Not admin-equivalent"', () => {
    const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
    const details = (lines: string[]) => lines[lines.indexOf('  Details:') + 1];
    expect(details(report(policy({ Effect: 'Allow', Action: '*', Resource: '*' })).lines)).toBe('  ADMIN-EQUIVALENT');
    expect(details(report(policy({ Effect: 'Allow', Action: '*', Resource: '*', Condition: mfa })).lines)).toBe('  ADMIN-EQUIVALENT (under a Condition)');
    expect(details(report(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })).lines)).toBe('  Not admin-equivalent');
  });
});

describe('the "Next:" hint without a full-access service', () => {
  it('a wildcard on one bucket suggests naming s3 actions', () => {
    const { lines } = report(policy({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::data/*' }));
    const at = lines.indexOf('  Next: name the actions (and resources) you need and write the narrower policy:');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('    iam-guardian check-policy --needs s3:<Action>,s3:<Action> --resource <arn> --out least-privilege.json p.json');
  });
});

describe('the "Next:" hint for "*" or NotAction', () => {
  it('names no service (the catalogue\'s first one would be a guess)', () => {
    for (const st of [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]) {
      const { lines } = report(policy(st));
      const at = lines.indexOf('  Next: name the actions (and resources) you need and write the narrower policy:');
      expect(at).toBeGreaterThan(0);
      expect(lines[at + 1]).toBe('    iam-guardian check-policy --needs <service>:<Action>,<service>:<Action> --resource <arn> --out least-privilege.json p.json');
    }
  });
});

describe('JSON output', () => {
  it('the contract keys first, then valid, verdict and problems with their place', () => {
    const { result } = report(policy({ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }));
    const j = checkPolicyJson(result);
    expect(Object.keys(j)).toEqual(['adminEquivalent', 'escalations', 'sensitive', 'unknownActions', 'services', 'adminReasons', 'fullAccessServices', 'conditional', 'warnings', 'catalogVersion', 'valid', 'verdict', 'problems']);
    expect(j.problems).toEqual([{ severity: 'info', code: 'action-wildcard', message: result.problems[0].message, path: ['Statement', 0, 'Action'], line: 6, column: 17 }]);
  });
});
