/**
 * The shared reading of grant events (lib/rules/event/_grants.ts), field by field: what each grant event grants, to
 * whom, how it is described, the command that undoes it, what could not be checked, and the PassRole sentences.
 */
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment, type Enrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import type { EventRuleContext } from '../../lib/rules/types';
import {
  describeGrant,
  grantFactors,
  GRANT_EVENTS,
  nameSuggestsAdmin,
  onlyServiceRolePoliciesUnknown,
  passRoleText,
  readGrant,
  revertFix,
  toWhom,
  unknownText,
  verdict,
  type Grant,
} from '../../lib/rules/event/_grants';
import { parsePolicyDocument, type PolicyDocument } from '../../lib/policy/document';
import { ADMIN_DOC, S3_READ_DOC, iamCall, userIdentity } from '../support/event-records';

const A = '111122223333';
const ctx = (enrichment: Partial<Enrichment> = {}): EventRuleContext => ({ config: DEFAULT_CONFIG, enrichment: { ...emptyEnrichment(), ...enrichment } });
function doc(json: string): PolicyDocument {
  const r = parsePolicyDocument(json);
  if (!r.ok) throw new Error(r.error);
  return r.document;
}
function grantOf(eventName: string, rp: Record<string, unknown>, enrichment: Partial<Enrichment> = {}, re?: unknown) {
  const ev = normalizeEvent(iamCall(eventName, userIdentity('alice'), rp, re));
  const g = readGrant(ev, ctx(enrichment));
  return { ev, g };
}
const STEPS = ['Open <target>', 'Remove <policy> from <target>'];

describe('grant events', () => {
  it('the ten IAM calls that grant permissions', () => {
    expect(GRANT_EVENTS).toEqual([
      'AttachUserPolicy',
      'AttachGroupPolicy',
      'AttachRolePolicy',
      'PutUserPolicy',
      'PutGroupPolicy',
      'PutRolePolicy',
      'CreatePolicy',
      'CreatePolicyVersion',
      'SetDefaultPolicyVersion',
      'AddUserToGroup',
    ]);
  });

  it('Attach*Policy: target, label, description and the detach command', () => {
    const cases = [
      ['AttachUserPolicy', 'userName', 'user', 'IAM user bob', true],
      ['AttachGroupPolicy', 'groupName', 'group', 'group bob', false],
      ['AttachRolePolicy', 'roleName', 'role', 'role bob', false],
    ] as const;
    for (const [name, field, kind, whom, toUser] of cases) {
      const { ev, g } = grantOf(name, { [field]: 'bob', policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' });
      expect(g).toBeDefined();
      if (!g) continue;
      expect(g.target).toEqual({ kind, name: 'bob', arn: `arn:aws:iam::${A}:${kind}/bob` });
      expect(g.toUser).toBe(toUser);
      expect(g.live).toBe(true);
      expect(g.policyLabel).toBe('AWS managed policy AmazonS3FullAccess');
      expect(toWhom(g)).toBe(` to ${whom}`);
      expect(describeGrant(ev, g)).toBe(`attached AWS managed policy AmazonS3FullAccess to ${whom}`);
      expect(revertFix(ev, g, STEPS)).toEqual({
        console: [`Open ${kind} bob`, `Remove AWS managed policy AmazonS3FullAccess from ${kind} bob`],
        cli: `aws iam detach-${kind}-policy --${kind}-name bob --policy-arn arn:aws:iam::aws:policy/AmazonS3FullAccess`,
      });
    }
  });

  it('Put*Policy: the inline policy, named (or unnamed), and the delete command', () => {
    for (const [name, field, kind, word] of [
      ['PutUserPolicy', 'userName', 'user', 'IAM user'],
      ['PutGroupPolicy', 'groupName', 'group', 'group'],
      ['PutRolePolicy', 'roleName', 'role', 'role'],
    ] as const) {
      const { ev, g } = grantOf(name, { [field]: 'bob', policyName: 'deploy', policyDocument: S3_READ_DOC });
      if (!g) throw new Error('no grant');
      expect(g.policyLabel).toBe('inline policy deploy');
      expect(g.toUser).toBe(kind === 'user');
      expect(g.docs.map((d) => d.label)).toEqual(['inline policy deploy']);
      expect(describeGrant(ev, g)).toBe(`put inline policy deploy on ${word} bob`);
      expect(revertFix(ev, g, []).cli).toBe(`aws iam delete-${kind}-policy --${kind}-name bob --policy-name deploy`);
    }
    const { g } = grantOf('PutRolePolicy', { roleName: 'bob', policyDocument: S3_READ_DOC });
    expect(g?.policyLabel).toBe('inline policy (unnamed)');
    expect(grantOf('PutRolePolicy', { roleName: 'bob', policyName: 'p', policyDocument: '{not json' }).g).toBeUndefined();
    expect(grantOf('PutRolePolicy', { policyName: 'p', policyDocument: S3_READ_DOC }).g).toBeUndefined();
  });

  it('CreatePolicy: not attached yet; the ARN from the response, else built from the path', () => {
    const built = grantOf('CreatePolicy', { policyName: 'wide', path: 'team/', policyDocument: ADMIN_DOC });
    if (!built.g) throw new Error('no grant');
    expect(built.g.target).toEqual({ kind: 'policy', name: 'wide', arn: `arn:aws:iam::${A}:policy/team/wide` });
    expect(built.g.pendingNote).toBe('it is not attached to anyone yet');
    expect(built.g.policyLabel).toBe('new customer managed policy wide');
    expect(toWhom(built.g)).toBe('');
    expect(describeGrant(built.ev, built.g)).toBe('created customer managed policy wide');
    expect(revertFix(built.ev, built.g, []).cli).toBe(`aws iam delete-policy --policy-arn arn:aws:iam::${A}:policy/team/wide`);
    const fromResponse = grantOf('CreatePolicy', { policyName: 'wide', policyDocument: ADMIN_DOC }, {}, { policy: { arn: `arn:aws:iam::${A}:policy/x/wide` } });
    expect(fromResponse.g?.target.arn).toBe(`arn:aws:iam::${A}:policy/x/wide`);
    expect(grantOf('CreatePolicy', { policyName: 'wide', path: '/', policyDocument: ADMIN_DOC }).g?.target.arn).toBe(`arn:aws:iam::${A}:policy/wide`);
    expect(grantOf('CreatePolicy', { policyDocument: ADMIN_DOC }).g).toBeUndefined();
  });

  it('CreatePolicyVersion: live only with setAsDefault; the revert depends on it', () => {
    const arn = `arn:aws:iam::${A}:policy/deploy`;
    const live = grantOf('CreatePolicyVersion', { policyArn: arn, policyDocument: ADMIN_DOC, setAsDefault: true }, {}, { policyVersion: { versionId: 'v3' } });
    if (!live.g) throw new Error('no grant');
    expect(live.g.live).toBe(true);
    expect(live.g.pendingNote).toBeUndefined();
    expect(live.g.policyLabel).toBe('a new version of customer managed policy deploy');
    expect(describeGrant(live.ev, live.g)).toBe('created a new version of customer managed policy deploy');
    expect(revertFix(live.ev, live.g, []).cli).toBe(`aws iam set-default-policy-version --policy-arn ${arn} --version-id <previous-version-id>`);
    const saved = grantOf('CreatePolicyVersion', { policyArn: arn, policyDocument: ADMIN_DOC, setAsDefault: 'false' }, {}, { policyVersion: { versionId: 'v3' } });
    if (!saved.g) throw new Error('no grant');
    expect(saved.g.live).toBe(false);
    expect(saved.g.pendingNote).toBe('it was saved without setAsDefault, so it is not in effect until someone makes it the default version');
    expect(revertFix(saved.ev, saved.g, []).cli).toBe(`aws iam delete-policy-version --policy-arn ${arn} --version-id v3`);
    expect(grantOf('CreatePolicyVersion', { policyDocument: ADMIN_DOC, setAsDefault: true }).g).toBeUndefined();
  });

  it('SetDefaultPolicyVersion reads the version’s document; unknown when not looked up', () => {
    const arn = `arn:aws:iam::${A}:policy/deploy`;
    const read = grantOf('SetDefaultPolicyVersion', { policyArn: arn, versionId: 'v2' }, { policyDocuments: { [`${arn}#v2`]: { status: 'ok', value: doc(ADMIN_DOC) } } });
    if (!read.g) throw new Error('no grant');
    expect(read.g.policyLabel).toBe('version v2 of customer managed policy deploy (now the default)');
    expect(read.g.docs.map((d) => d.label)).toEqual(['customer managed policy deploy version v2']);
    expect(describeGrant(read.ev, read.g)).toBe('made version v2 of customer managed policy deploy (now the default)');
    expect(revertFix(read.ev, read.g, []).cli).toBe(`aws iam set-default-policy-version --policy-arn ${arn} --version-id <previous-version-id>`);
    expect(verdict(read.g).adminEquivalent).toBe(true);
    const unread = grantOf('SetDefaultPolicyVersion', { policyArn: arn, versionId: 'v2' });
    if (!unread.g) throw new Error('no grant');
    expect(unknownText(unread.g)).toBe('customer managed policy deploy version v2 could not be checked (its document was not looked up)');
    expect(grantOf('SetDefaultPolicyVersion', { policyArn: arn }).g).toBeUndefined();
  });

  it('AddUserToGroup: the group’s inline and attached policies, read or judged; the remove command', () => {
    const arn = `arn:aws:iam::${A}:policy/ops-extra`;
    const { ev, g } = grantOf(
      'AddUserToGroup',
      { userName: 'bob', groupName: 'ops' },
      {
        groupPolicies: {
          ops: {
            status: 'ok',
            value: {
              groupName: 'ops',
              inlinePolicies: [{ name: 'inline-s3', document: doc(S3_READ_DOC) }],
              attachedPolicyArns: [arn, 'arn:aws:iam::aws:policy/ReadOnlyAccess', `arn:aws:iam::${A}:policy/unread`],
              attachedDocuments: [{ arn, document: doc(S3_READ_DOC) }],
            },
          },
        },
      },
    );
    if (!g) throw new Error('no grant');
    expect(g.target).toEqual({ kind: 'user', name: 'bob', arn: `arn:aws:iam::${A}:user/bob` });
    expect(g.toUser).toBe(false);
    expect(g.policyLabel).toBe('the policies of group ops');
    expect(g.docs.map((d) => d.label)).toEqual(expect.arrayContaining(['group ops inline policy inline-s3', 'group ops policy ops-extra']));
    expect(g.unknown.map((u) => u.label)).toEqual(['customer managed policy unread']);
    expect(describeGrant(ev, g)).toBe('added IAM user bob to group ops');
    expect(revertFix(ev, g, []).cli).toBe('aws iam remove-user-from-group --user-name bob --group-name ops');
    const offline = grantOf('AddUserToGroup', { userName: 'bob', groupName: 'ops' }, { groupPolicies: { ops: { status: 'unavailable', reason: 'offline' } } });
    expect(offline.g && unknownText(offline.g)).toBe('the policies of group ops could not be checked (offline)');
    expect(offline.g?.adminByName).toBeUndefined();
    const admins = grantOf('AddUserToGroup', { userName: 'bob', groupName: 'Admins' });
    expect(admins.g && unknownText(admins.g)).toBe('the policies of group Admins could not be checked (they were not looked up)');
    expect(admins.g?.adminByName).toBe('the group name Admins suggests administrator access');
    expect(admins.g && verdict(admins.g)).toMatchObject({ adminEquivalent: true, adminReasons: ['treated as admin: the group name Admins suggests administrator access'], unverified: true });
    expect(grantOf('AddUserToGroup', { userName: 'bob' }).g).toBeUndefined();
  });

  it('not a grant: failed calls, other sources and names, service-linked callers, AWS-reserved roles', () => {
    const ok = { roleName: 'app', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' };
    expect(readGrant(normalizeEvent(iamCall('AttachRolePolicy', userIdentity('alice'), ok, undefined, { errorCode: 'AccessDenied', errorMessage: 'no' })), ctx())).toBeUndefined();
    expect(readGrant(normalizeEvent(iamCall('CreateUser', userIdentity('alice'), { userName: 'x' })), ctx())).toBeUndefined();
    const env = iamCall('AttachRolePolicy', userIdentity('alice'), ok);
    expect(readGrant(normalizeEvent({ ...env, detail: { ...(env.detail as object), eventSource: 'sts.amazonaws.com' } }), ctx())).toBeUndefined();
    for (const roleName of ['AWSReservedSSO_Admin_1', 'AWSServiceRoleForSupport']) {
      expect(readGrant(normalizeEvent(iamCall('AttachRolePolicy', userIdentity('alice'), { ...ok, roleName })), ctx())).toBeUndefined();
    }
    expect(readGrant(normalizeEvent(iamCall('AttachRolePolicy', userIdentity('alice'), { roleName: 'app' })), ctx())).toBeUndefined();
  });
});

describe('AWS managed policies outside the bundled table', () => {
  it('a ReadOnly name is judged read-only; a service-role path is marked; an admin-sounding name is treated as admin', () => {
    const ro = grantOf('AttachRolePolicy', { roleName: 'app', policyArn: 'arn:aws:iam::aws:policy/FutureServiceReadOnlyAccess' }).g;
    expect(ro?.managed.map((m) => [m.name, m.adminEquivalent, m.fullAccess, m.escalation])).toEqual([['FutureServiceReadOnlyAccess', false, false, false]]);
    expect(ro?.unknown).toEqual([]);
    const sr = grantOf('AttachRolePolicy', { roleName: 'app', policyArn: 'arn:aws:iam::aws:policy/service-role/FutureServiceRolePolicy' }).g;
    if (!sr) throw new Error('no grant');
    expect(sr.unknown).toEqual([
      { label: 'AWS managed policy FutureServiceRolePolicy', reason: 'it is not in the bundled table of AWS managed policies', awsServiceRole: true },
    ]);
    expect(onlyServiceRolePoliciesUnknown(sr)).toBe(true);
    expect(grantFactors(sr, verdict(sr), true)).toEqual({});
    const adm = grantOf('AttachUserPolicy', { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/FutureAdminAccess' }).g;
    if (!adm) throw new Error('no grant');
    expect(adm.unknown[0].awsServiceRole).toBeUndefined();
    expect(onlyServiceRolePoliciesUnknown(adm)).toBe(false);
    expect(adm.adminByName).toBe('its name (FutureAdminAccess) suggests administrator access');
    expect(grantFactors(adm, verdict(adm), true)).toEqual({ grantToUser: true, adminEquivalent: true, unverified: true });
    expect(grantFactors(adm, verdict(adm), false)).toEqual({ grantToUser: true, unverified: true });
  });

  it('a bundled full-access policy is permissive, not admin', () => {
    const g = grantOf('AttachRolePolicy', { roleName: 'app', policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }).g;
    if (!g) throw new Error('no grant');
    const v = verdict(g);
    expect(v.adminEquivalent).toBe(false);
    expect(v.fullAccess.length).toBeGreaterThan(0);
    expect(v.fullAccess.join(' ')).toMatch(/s3/);
    expect(v.unverified).toBe(false);
    expect(verdict(g)).toBe(v);
  });
});

describe('names that suggest admin', () => {
  it('matches the admin words anywhere (any case) and "root" only whole', () => {
    for (const n of ['Admins', 'PowerUser', 'power-user', 'SuperUser', 'S3FullAccess', 'full-access', 'breakglass', 'break-glass', 'root']) expect([n, nameSuggestsAdmin(n)]).toEqual([n, true]);
    for (const n of ['developers', 'rooted', 'uproot', 'readonly']) expect([n, nameSuggestsAdmin(n)]).toEqual([n, false]);
  });
});

describe('PassRole sentences', () => {
  const role = (name: string, admin: 'yes' | 'no' | 'unknown', conditional = false, adminNote?: string) => ({ name, arn: `arn:aws:iam::${A}:role/${name}`, service: 'lambda.amazonaws.com', conditional, admin, ...(adminNote ? { adminNote } : {}) });

  it('names up to five roles with what is known about each, then how many more', () => {
    const text = passRoleText({
      services: ['lambda.amazonaws.com', 'ec2.amazonaws.com'],
      roles: [role('a', 'yes', false, 'AWS managed policy AdministratorAccess'), role('b', 'unknown'), role('c', 'no', true), role('d', 'yes'), role('e', 'no'), role('f', 'no'), role('g', 'no')],
    });
    expect(text).toBe(
      ' Roles it can pass that lambda.amazonaws.com / ec2.amazonaws.com can assume: a (administrator: AWS managed policy AdministratorAccess), b (permissions not checked), c (trust under a Condition), d (administrator: yes), e and 2 more.',
    );
  });

  it('no role today, or not checked', () => {
    expect(passRoleText({ services: ['lambda.amazonaws.com'], roles: [] })).toBe(' No role it can pass is trusted by lambda.amazonaws.com today (a role created later could be).');
    expect(passRoleText({ services: ['lambda.amazonaws.com'], roles: [], unchecked: 'the roles were not looked up' })).toBe(' Not checked: the roles were not looked up.');
    expect(passRoleText({ services: ['lambda.amazonaws.com'], roles: [role('a', 'no')], unchecked: 'x' })).toBe(' Roles it can pass that lambda.amazonaws.com can assume: a. Not checked: x.');
  });
});

describe('revert of an unknown grant kind', () => {
  it('falls back to listing the account’s authorization details', () => {
    const { g } = grantOf('AttachUserPolicy', { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' });
    if (!g) throw new Error('no grant');
    const other = normalizeEvent(iamCall('CreateUser', userIdentity('alice'), { userName: 'bob' }));
    expect(revertFix(other, g as Grant, []).cli).toBe('aws iam get-account-authorization-details --filter User Group Role LocalManagedPolicy');
    expect(describeGrant(other, g)).toBe('CreateUser');
  });
});

describe('the parsed-text and analysis caches of event-carried documents', () => {
  const put = (role: string, name: string, text: string) =>
    readGrant(normalizeEvent(iamCall('PutRolePolicy', userIdentity('alice'), { roleName: role, policyName: name, policyDocument: text })), ctx());

  it('the same text for another role or under another name is judged for that role and name', () => {
    const admin = ADMIN_DOC;
    const first = put('app', 'p1', admin);
    const second = put('ops', 'p2', admin);
    expect(first?.target.name).toBe('app');
    expect(second?.target.name).toBe('ops');
    expect(second?.policyLabel).toBe('inline policy p2');
    expect(verdict(second as Grant).adminEquivalent).toBe(true);
    expect(second?.analysis).not.toBe(first?.analysis);
  });

  it('another text under the same role and name is analysed anew, whatever the names hold', () => {
    const tricky = 'p"],["#0';
    expect(verdict(put('app', tricky, ADMIN_DOC) as Grant).adminEquivalent).toBe(true);
    expect(verdict(put('app', tricky, S3_READ_DOC) as Grant).adminEquivalent).toBe(false);
    expect(verdict(put('app', tricky, ADMIN_DOC) as Grant).adminEquivalent).toBe(true);
  });

  it('a text the parser rejects is rejected each time (no grant), and does not take a good text out of the cache', () => {
    expect(put('app', 'bad', '{"Statement": [')).toBeUndefined();
    expect(put('app', 'bad', '{"Statement": [')).toBeUndefined();
    expect(verdict(put('app', 'good', ADMIN_DOC) as Grant).adminEquivalent).toBe(true);
  });

  it('more distinct texts than the cache holds still give each its own verdict', () => {
    for (let i = 0; i < 1100; i++) {
      const text = i % 2 ? JSON.stringify({ ...(JSON.parse(S3_READ_DOC) as object), Id: `d${i}` }) : JSON.stringify({ ...(JSON.parse(ADMIN_DOC) as object), Id: `d${i}` });
      expect(verdict(put('app', 'p', text) as Grant).adminEquivalent).toBe(i % 2 === 0);
    }
  });
});
