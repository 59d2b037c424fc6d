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
