import { analyseTrust } from '../../lib/policy/trust';
import { doc } from './helpers';

const ME = '111111111111';
const OTHER = '999999999999';
const assume = (Principal: unknown, Condition?: unknown, Action: string = 'sts:AssumeRole') => ({ Effect: 'Allow', Principal, Action, ...(Condition ? { Condition } : {}) });

describe('trust policy: public', () => {
  it.each([
    ['Principal "*"', assume('*')],
    ['Principal {AWS: "*"}', assume({ AWS: '*' })],
    ['any account root', assume({ AWS: 'arn:aws:iam::*:root' })],
    ['"*" with a condition that does not limit who', assume('*', { Bool: { 'aws:SecureTransport': 'true' } })],
    ['"*" with a wildcard-only org condition', assume('*', { StringLike: { 'aws:PrincipalOrgID': '*' } })],
  ])('%s is public', (_n, st) => {
    const t = analyseTrust(doc([st]), ME);
    expect(t.public).toBe(true);
    expect(t.publicReason).toMatch(/Statement 0/);
  });

  it.each([
    ['org condition', assume('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })],
    ['account condition', assume({ AWS: '*' }, { StringEquals: { 'aws:PrincipalAccount': ME } })],
    ['principal ARN condition', assume('*', { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ME}:role/ci` } })],
    ['Deny statement', { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }],
    ['not an assume action', { Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }],
  ])('%s is not public', (_n, st) => {
    expect(analyseTrust(doc([st]), ME).public).toBe(false);
  });
});

describe('trust policy: other accounts', () => {
  it('an external account without a condition is unguarded', () => {
    const t = analyseTrust(doc([assume({ AWS: `arn:aws:iam::${OTHER}:root` })]), ME);
    expect(t.externalAccounts).toEqual([{ account: OTHER, principal: `arn:aws:iam::${OTHER}:root`, guarded: false, guards: [] }]);
  });

  it.each([
    ['sts:ExternalId', { StringEquals: { 'sts:ExternalId': 'a1b2c3' } }, 'sts:ExternalId'],
    ['MFA', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, 'aws:MultiFactorAuthPresent'],
    ['organization', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }, 'aws:PrincipalOrgID'],
  ])('an external account guarded by %s', (_n, cond, guard) => {
    const t = analyseTrust(doc([assume({ AWS: OTHER }, cond)]), ME);
    expect(t.externalAccounts).toEqual([{ account: OTHER, principal: OTHER, guarded: true, guards: [guard] }]);
  });

  it('MFA "false" is not a guard', () => {
    const t = analyseTrust(doc([assume({ AWS: OTHER }, { Bool: { 'aws:MultiFactorAuthPresent': 'false' } })]), ME);
    expect(t.externalAccounts[0].guarded).toBe(false);
  });

  it('its own account and configured trusted accounts are not external', () => {
    const d = doc([assume({ AWS: [`arn:aws:iam::${ME}:role/ci`, `arn:aws:iam::${OTHER}:root`] })]);
    expect(analyseTrust(d, ME).externalAccounts.map((e) => e.account)).toEqual([OTHER]);
    expect(analyseTrust(d, ME, { trustedAccounts: [OTHER] }).externalAccounts).toEqual([]);
  });
});

describe('trust policy: services and federation', () => {
  it('a service principal without aws:SourceAccount / aws:SourceArn is a confused-deputy risk', () => {
    const t = analyseTrust(doc([assume({ Service: ['lambda.amazonaws.com', 'events.amazonaws.com'] })]), ME);
    expect(t.services).toEqual(['lambda.amazonaws.com', 'events.amazonaws.com']);
    expect(t.servicesWithoutSourceGuard).toEqual(['lambda.amazonaws.com', 'events.amazonaws.com']);
    expect(t.public).toBe(false);
  });

  it('with aws:SourceAccount it is guarded', () => {
    const t = analyseTrust(doc([assume({ Service: 'events.amazonaws.com' }, { StringEquals: { 'aws:SourceAccount': ME } })]), ME);
    expect(t.servicesWithoutSourceGuard).toEqual([]);
  });

  const gh = `arn:aws:iam::${ME}:oidc-provider/token.actions.githubusercontent.com`;
  it('GitHub OIDC without a sub condition lets any repository in', () => {
    const t = analyseTrust(doc([assume({ Federated: gh }, { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } }, 'sts:AssumeRoleWithWebIdentity')]), ME);
    expect(t.federated).toEqual([{ provider: gh, guarded: false, reason: expect.stringContaining('any GitHub repository') }]);
  });

  it('GitHub OIDC with sub "repo:*" is still unguarded; with a repository it is guarded', () => {
    const st = (sub: string) => assume({ Federated: gh }, { StringLike: { 'token.actions.githubusercontent.com:sub': sub } }, 'sts:AssumeRoleWithWebIdentity');
    expect(analyseTrust(doc([st('repo:*')]), ME).federated[0].guarded).toBe(false);
    expect(analyseTrust(doc([st('repo:my-org/my-repo:ref:refs/heads/main')]), ME).federated[0].guarded).toBe(true);
    expect(analyseTrust(doc([st('repo:my-org/*')]), ME).federated[0].guarded).toBe(true);
  });

  it('SAML federation is guarded by the provider itself', () => {
    const t = analyseTrust(doc([assume({ Federated: `arn:aws:iam::${ME}:saml-provider/Okta` }, { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } }, 'sts:AssumeRoleWithSAML')]), ME);
    expect(t.federated[0].guarded).toBe(true);
  });
});

describe('trust policy: the reasons people read, and the edge cases', () => {
  it('says which statement makes the role public and why (by Sid when it has one)', () => {
    expect(analyseTrust(doc([assume('*')]), ME).publicReason).toBe(
      'Statement 0 lets principal "*" (any AWS account) assume the role without a condition limiting it to an organization, account or principal',
    );
    expect(analyseTrust(doc([{ Sid: 'Vendor', ...assume({ AWS: 'arn:aws:iam::*:root' }, { StringEquals: { 'sts:ExternalId': 'x1' } }) }]), ME).publicReason).toBe(
      'Statement "Vendor" lets principal "arn:aws:iam::*:root" (any AWS account) assume the role without a condition limiting it to an organization, account or principal (its sts:ExternalId condition is not one: the external id is not a secret)',
    );
    expect(analyseTrust(doc([{ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${ME}:user/bob` }, Action: 'sts:AssumeRole' }]), ME)).toMatchObject({
      public: true,
      publicReason: 'Statement 0 allows everyone except the NotPrincipal list to assume the role, without a limiting condition',
    });
  });

  it('the first public statement gives the reason', () => {
    const t = analyseTrust(doc([assume({ AWS: OTHER }), { Sid: 'First', ...assume('*') }, { Sid: 'Second', ...assume({ AWS: '*' }) }]), ME);
    expect(t.publicReason).toMatch(/^Statement "First" /);
    const np = analyseTrust(doc([{ Sid: 'A', Effect: 'Allow', NotPrincipal: { AWS: OTHER }, Action: 'sts:AssumeRole' }, { Sid: 'B', Effect: 'Allow', NotPrincipal: { AWS: OTHER }, Action: 'sts:AssumeRole' }]), ME);
    expect(np.publicReason).toMatch(/^Statement "A" /);
    const both = analyseTrust(doc([{ Sid: 'A', Effect: 'Allow', NotPrincipal: { AWS: OTHER }, Action: 'sts:AssumeRole' }, { Sid: 'B', ...assume('*') }]), ME);
    expect(both.publicReason).toMatch(/^Statement "A" /);
  });

  it.each([
    ['aws:PrincipalOrgPaths', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-abc/r-ab12/ou-ab12-11111111/*' } }],
    ['aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': ME } }],
    ['aws:SourceArn', { ArnLike: { 'aws:SourceArn': `arn:aws:events:eu-west-1:${ME}:rule/*` } }],
    ['aws:SourceOrgID', { StringEquals: { 'aws:SourceOrgID': 'o-abc123' } }],
    ['aws:SourceOrgPaths', { StringEquals: { 'aws:SourceOrgPaths': 'o-abc/r-ab12/' } }],
    ['aws:userid', { StringLike: { 'aws:userid': 'AROAEXAMPLE:*' } }],
    ['aws:PrincipalServiceName', { StringEquals: { 'aws:PrincipalServiceName': 'lambda.amazonaws.com' } }],
    ['a key in any case', { StringEquals: { 'AWS:PRINCIPALORGID': 'o-abc123' } }],
  ])('"*" limited by %s is not public', (_n, cond) => {
    expect(analyseTrust(doc([assume('*', cond)]), ME).public).toBe(false);
    expect(analyseTrust(doc([{ Effect: 'Allow', NotPrincipal: { AWS: OTHER }, Action: 'sts:AssumeRole', Condition: cond }]), ME).public).toBe(false);
  });

  it.each([
    ['a negated operator', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }],
    ['Null', { Null: { 'aws:PrincipalOrgID': 'false' } }],
    ['an empty value', { StringEquals: { 'aws:PrincipalOrgID': '' } }],
    ['an empty list', { StringEquals: { 'aws:PrincipalOrgID': [] } }],
    ['an unrelated key', { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } }],
  ])('"*" "limited" by %s is still public', (_n, cond) => {
    expect(analyseTrust(doc([assume('*', cond)]), ME).public).toBe(true);
  });

  it('web identity and SAML actions count as assuming the role; NotAction sparing them too', () => {
    expect(analyseTrust(doc([assume('*', undefined, 'sts:AssumeRoleWithWebIdentity')]), ME).public).toBe(true);
    expect(analyseTrust(doc([assume('*', undefined, 'sts:AssumeRoleWithSAML')]), ME).public).toBe(true);
    expect(analyseTrust(doc([assume('*', undefined, 'STS:Assume*')]), ME).public).toBe(true);
    expect(analyseTrust(doc([{ Effect: 'Allow', Principal: '*', NotAction: 'sts:TagSession' }]), ME).public).toBe(true);
    expect(analyseTrust(doc([{ Effect: 'Allow', Principal: '*', NotAction: 'sts:Assume*' }]), ME).public).toBe(false);
    expect(analyseTrust(doc([{ Effect: 'Allow', Principal: '*', NotAction: ['sts:AssumeRole', 'sts:AssumeRoleWithSAML'] }]), ME).public).toBe(true);
  });

  it('external accounts: every guard named once, in a fixed spelling; unique ids and malformed principals skipped', () => {
    const t = analyseTrust(
      doc([assume({ AWS: [`arn:aws:iam::${OTHER}:role/x`, 'AROAEXAMPLEID', 'not-an-arn'] }, { StringEquals: { 'STS:EXTERNALID': 'a', 'aws:PrincipalOrgPaths': 'o-a/r-b/' }, StringLike: { 'sts:externalid': 'b*' } })]),
      ME,
    );
    expect(t.externalAccounts).toEqual([{ account: OTHER, principal: `arn:aws:iam::${OTHER}:role/x`, guarded: true, guards: ['sts:ExternalId', 'aws:PrincipalOrgPaths'] }]);
    const sts = analyseTrust(doc([assume({ AWS: `arn:aws:sts::${OTHER}:assumed-role/r/s` })]), ME);
    expect(sts.externalAccounts.map((e) => e.account)).toEqual([OTHER]);
    expect(analyseTrust(doc([assume({ AWS: `arn:aws-cn:iam::${OTHER}:root` })]), ME).externalAccounts.map((e) => e.account)).toEqual([OTHER]);
    expect(analyseTrust(doc([assume({ AWS: `arn:aws:s3:::${OTHER}` })]), ME).externalAccounts).toEqual([]);
    expect(analyseTrust(doc([assume({ AWS: `x${OTHER}` })]), ME).externalAccounts).toEqual([]);
    // MFA counts only when required ("true", any case); an IfExists operator is still a positive condition.
    expect(analyseTrust(doc([assume({ AWS: OTHER }, { Bool: { 'aws:MultiFactorAuthPresent': 'TRUE' } })]), ME).externalAccounts[0].guards).toEqual(['aws:MultiFactorAuthPresent']);
    expect(analyseTrust(doc([assume({ AWS: OTHER }, { StringLike: { 'sts:ExternalId': '*' } })]), ME).externalAccounts[0].guarded).toBe(false);
  });

  it('services: listed once each; unguarded only when no statement guards it', () => {
    const t = analyseTrust(
      doc([
        assume({ Service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'] }),
        assume({ Service: 'lambda.amazonaws.com' }, { StringEquals: { 'aws:SourceAccount': ME } }),
        assume({ Service: 'events.amazonaws.com' }, { ArnEquals: { 'aws:SourceArn': `arn:aws:events:eu-west-1:${ME}:rule/r` } }),
        assume({ Service: 'sns.amazonaws.com' }, { StringEquals: { 'aws:SourceOrgID': 'o-abc123' } }),
        assume({ Service: 'sqs.amazonaws.com' }, { StringEquals: { 'aws:SourceOrgPaths': 'o-abc/r-1/' } }),
        assume({ Service: 'ec2.amazonaws.com' }, { StringNotEquals: { 'aws:SourceAccount': OTHER } }),
        { Effect: 'Deny', Principal: { Service: 'glue.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]),
      ME,
    );
    expect(t.services).toEqual(['lambda.amazonaws.com', 'ec2.amazonaws.com', 'events.amazonaws.com', 'sns.amazonaws.com', 'sqs.amazonaws.com']);
    // lambda is unguarded in its first statement: one unguarded statement is enough to reach the role.
    expect(t.servicesWithoutSourceGuard).toEqual(['lambda.amazonaws.com', 'ec2.amazonaws.com']);
  });

  describe('federation', () => {
    const web = (provider: string, cond?: unknown) => assume({ Federated: provider }, cond, 'sts:AssumeRoleWithWebIdentity');
    it('Cognito needs an aud condition naming an identity pool', () => {
      expect(analyseTrust(doc([web('cognito-identity.amazonaws.com')]), ME).federated).toEqual([
        { provider: 'cognito-identity.amazonaws.com', guarded: false, reason: 'no cognito-identity.amazonaws.com:aud condition: any identity pool in any account can obtain this role' },
      ]);
      expect(analyseTrust(doc([web('cognito-identity.amazonaws.com', { StringLike: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:*' } })]), ME).federated[0].guarded).toBe(false);
      expect(analyseTrust(doc([web('cognito-identity.amazonaws.com', { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:0a1b2c3d-1111-2222-3333-444455556666' } })]), ME).federated[0]).toEqual({
        provider: 'cognito-identity.amazonaws.com',
        guarded: true,
      });
      // A negated operator does not name the pool.
      expect(analyseTrust(doc([web('cognito-identity.amazonaws.com', { StringNotEquals: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:x' } })]), ME).federated[0].guarded).toBe(false);
    });

    it('another OIDC provider needs a restrictive sub condition (its own host, any case)', () => {
      const p = `arn:aws:iam::${ME}:oidc-provider/gitlab.example.com`;
      expect(analyseTrust(doc([web(p)]), ME).federated).toEqual([{ provider: p, guarded: false, reason: 'no restrictive gitlab.example.com:sub condition: any identity of this provider can assume the role' }]);
      expect(analyseTrust(doc([web(p, { StringEquals: { 'GITLAB.example.com:SUB': 'project_path:team/app:ref_type:branch:ref:main' } })]), ME).federated[0].guarded).toBe(true);
      expect(analyseTrust(doc([web(p, { StringLike: { 'gitlab.example.com:sub': 'project_path:*' } })]), ME).federated[0].guarded).toBe(false);
      expect(analyseTrust(doc([web(p, { StringLike: { 'gitlab.example.com:sub': '*' } })]), ME).federated[0].guarded).toBe(false);
      expect(analyseTrust(doc([web(p, { StringNotLike: { 'gitlab.example.com:sub': 'project_path:evil/*' } })]), ME).federated[0].guarded).toBe(false);
      // The sub of another provider does not guard this one.
      expect(analyseTrust(doc([web(p, { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:o/r:ref:refs/heads/main' } })]), ME).federated[0].guarded).toBe(false);
    });

    it('GitHub: the reason names any repository of any owner', () => {
      const gh = 'token.actions.githubusercontent.com';
      expect(analyseTrust(doc([web(`arn:aws:iam::${ME}:oidc-provider/${gh}`)]), ME).federated[0].reason).toBe(
        `no restrictive ${gh}:sub condition: any GitHub repository (of any owner) can assume this role from its workflows`,
      );
      expect(analyseTrust(doc([web(`arn:aws:iam::${ME}:oidc-provider/${gh}`, { StringLike: { [`${gh}:sub`]: ['repo:*', 'repo:o/r:*'] } })]), ME).federated[0].guarded).toBe(true);
    });
  });
});

describe('trust policy: more cases', () => {
  it('a wildcard value beside a fixed one limits nothing (it once counted as an organization guard)', () => {
    expect(analyseTrust(doc([assume('*', { StringLike: { 'aws:PrincipalOrgID': ['o-abc123', '*'] } })]), ME).public).toBe(true);
    expect(analyseTrust(doc([assume('*', { StringLike: { 'aws:PrincipalOrgID': ['??*'] } })]), ME).public).toBe(true);
    expect(analyseTrust(doc([assume({ AWS: OTHER }, { StringLike: { 'sts:ExternalId': ['abc', '*'] } })]), ME).externalAccounts[0].guarded).toBe(false);
    expect(analyseTrust(doc([assume({ AWS: OTHER }, { Bool: { 'aws:MultiFactorAuthPresent': ['false', 'true'] } })]), ME).externalAccounts[0].guarded).toBe(true);
  });

  it('an Action list counts when any of it is an assume action; NotAction only when it spares one', () => {
    expect(analyseTrust(doc([assume('*', undefined, ['s3:GetObject', 'sts:AssumeRole'] as unknown as string)]), ME).public).toBe(true);
    expect(analyseTrust(doc([{ Effect: 'Allow', Principal: '*', NotAction: ['sts:AssumeRole', 'sts:AssumeRoleWith*'] }]), ME).public).toBe(false);
    expect(analyseTrust(doc([{ Effect: 'Allow', Principal: '*', NotAction: ['sts:AssumeRole', 'sts:AssumeRoleWithSAML'] }]), ME).public).toBe(true);
    // No Action at all (AWS rejects it): it grants nothing.
    expect(analyseTrust(doc([{ Effect: 'Allow', Principal: '*' }]), ME).public).toBe(false);
  });

  it('principals: an account id must be exactly 12 digits; an ARN must be one from its start', () => {
    expect(analyseTrust(doc([assume({ AWS: `${OTHER}0` })]), ME).externalAccounts).toEqual([]);
    expect(analyseTrust(doc([assume({ AWS: `x:arn:aws:iam::${OTHER}:root` })]), ME).externalAccounts).toEqual([]);
    expect(analyseTrust(doc([assume({ AWS: `arn:aws:iam::${OTHER}:root` })]), ME, { trustedAccounts: undefined }).externalAccounts).toHaveLength(1);
  });

  it('an empty AWS principal (a placeholder left unfilled; AWS rejects it) names no one: not public, no account', () => {
    const t = analyseTrust(doc([assume({ AWS: ['', `arn:aws:iam::${ME}:role/ci`] })]), ME);
    expect(t).toMatchObject({ public: false, externalAccounts: [] });
    expect(t.publicReason).toBeUndefined();
  });

  it('Principal "*" also lists no service or provider, and a service statement is not public', () => {
    const t = analyseTrust(doc([assume('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })]), ME);
    expect(t).toEqual({ public: false, externalAccounts: [], services: [], servicesWithoutSourceGuard: [], federated: [] });
    expect(analyseTrust(doc([assume({ Service: 'lambda.amazonaws.com', Federated: 'cognito-identity.amazonaws.com' })]), ME).public).toBe(false);
  });

  it('federation: the provider host is what follows oidc-provider/; Cognito needs every aud value fixed in some entry', () => {
    const web = (provider: string, cond?: unknown) => assume({ Federated: provider }, cond, 'sts:AssumeRoleWithWebIdentity');
    const host = 'oidc.eks.eu-west-1.amazonaws.com/id/ABC';
    expect(analyseTrust(doc([web(`arn:aws:iam::${ME}:oidc-provider/${host}`, { StringEquals: { [`${host}:sub`]: 'system:serviceaccount:ns:app' } })]), ME).federated[0].guarded).toBe(true);
    // A bare host (no ARN) is its own host.
    expect(analyseTrust(doc([web('accounts.google.com', { StringEquals: { 'accounts.google.com:sub': '1234567890' } })]), ME).federated[0].guarded).toBe(true);
    const cog = 'cognito-identity.amazonaws.com';
    expect(analyseTrust(doc([web(cog, { StringEquals: { [`${cog}:aud`]: ['eu-west-1:pool', 'eu-west-1:*'] } })]), ME).federated[0].guarded).toBe(true);
    expect(analyseTrust(doc([web(cog, { StringEquals: { [`${cog}:aud`]: 'eu-west-1:pool' }, StringLike: { [`${cog}:aud`]: 'eu-*' } })]), ME).federated[0].guarded).toBe(true);
    expect(analyseTrust(doc([web(cog, { StringLike: { [`${cog}:aud`]: ['eu-*', '*'] } })]), ME).federated[0].guarded).toBe(false);
  });

  it('OIDC sub values that pin nothing: "*", "<prefix>:*", "repo:*…"; one pinned value is enough', () => {
    const p = `arn:aws:iam::${ME}:oidc-provider/token.actions.githubusercontent.com`;
    const sub = (v: string | string[]) => analyseTrust(doc([assume({ Federated: p }, { StringLike: { 'token.actions.githubusercontent.com:sub': v } }, 'sts:AssumeRoleWithWebIdentity')]), ME).federated[0].guarded;
    expect(sub('*')).toBe(false);
    expect(sub('repo:*')).toBe(false);
    expect(sub('repo:*/app:*')).toBe(false);
    expect(sub('environment:*')).toBe(false);
    expect(sub('repo:org/app:*')).toBe(true);
    expect(sub('repo:org/*')).toBe(true);
    expect(sub('org*')).toBe(false);
    expect(sub(['*', 'repo:org/app:ref:refs/heads/main'])).toBe(true);
  });
});
