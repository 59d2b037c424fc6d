/** Root, sign-in and access-key rules: the tricky cases of real CloudTrail records. */
import fc from 'fast-check';
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { EVENT_RULES } from '../../lib/rules/event';
import type { EventRule, RuleHit } from '../../lib/rules/types';
import { consoleLogin, envelope, iamCall, record, roleIdentity, rootIdentity, ssoIdentity, userIdentity } from '../support/event-records';

function rule(id: string): EventRule {
  const r = EVENT_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}
function hits(id: string, input: unknown): RuleHit[] {
  return rule(id).evaluate(normalizeEvent(input), { config: DEFAULT_CONFIG, enrichment: emptyEnrichment() });
}
/** Ids of every rule that fires on the input. */
function firing(input: unknown): string[] {
  const ev = normalizeEvent(input);
  return EVENT_RULES.filter((r) => r.evaluate(ev, { config: DEFAULT_CONFIG, enrichment: emptyEnrichment() }).length > 0).map((r) => r.id);
}

const LOGIN_TO = 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true';

describe('root-sign-in', () => {
  it.each([
    ['YES', 'high'],
    ['Yes', 'high'],
    ['yes', 'high'],
    ['No', 'critical'],
    ['NO', 'critical'],
  ])('MFAUsed %s → %s', (mfa, severity) => {
    const h = hits('root-sign-in', consoleLogin(rootIdentity({ signIn: true }), 'Success', { LoginTo: LOGIN_TO, MobileVersion: 'No', MFAUsed: mfa }));
    expect(h).toHaveLength(1);
    expect(h[0].severity).toBe(severity);
    expect(h[0].resource).toBe('arn:aws:iam::111122223333:root');
    expect(h[0].factors?.rootWithoutMfa ?? false).toBe(severity === 'critical');
  });

  it('treats an absent MFAUsed as no MFA (critical)', () => {
    const h = hits('root-sign-in', consoleLogin(rootIdentity({ signIn: true }), 'Success', { LoginTo: LOGIN_TO }));
    expect(h[0].severity).toBe('critical');
    expect(h[0].message).toMatch(/WITHOUT MFA/);
  });

  it('reports a root sign-in only once (no root-activity duplicate)', () => {
    expect(firing(consoleLogin(rootIdentity({ signIn: true }), 'Success', { LoginTo: LOGIN_TO, MFAUsed: 'Yes' }))).toEqual(['root-sign-in']);
  });
});

describe('root-sign-in-failed', () => {
  it('fires for a failed root login with the user name hidden', () => {
    const input = consoleLogin(
      { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333', accessKeyId: '', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      'Failure',
      { LoginTo: LOGIN_TO, MobileVersion: 'No', MFAUsed: 'No' },
      { errorMessage: 'Failed authentication' },
    );
    expect(firing(input)).toEqual(['root-sign-in-failed']);
    expect(hits('root-sign-in-failed', input)[0].message).toMatch(/Failed authentication/);
  });

  it('does not fire for HIDDEN user name on a non-root identity', () => {
    const input = consoleLogin(
      { type: 'IAMUser', principalId: '111122223333', accountId: '111122223333', accessKeyId: '', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      'Failure',
      { LoginTo: LOGIN_TO, MobileVersion: 'No', MFAUsed: 'No' },
      { errorMessage: 'No username found in supplied account' },
    );
    expect(firing(input)).not.toContain('root-sign-in-failed');
  });
});

describe('user-sign-in-without-mfa', () => {
  const alice = { type: 'IAMUser', principalId: 'AIDACKCEVSQ6C2EXAMPLE', arn: 'arn:aws:iam::111122223333:user/team/alice', accountId: '111122223333', userName: 'alice' };
  it('fires for an IAM user (path kept in the resource ARN)', () => {
    const h = hits('user-sign-in-without-mfa', consoleLogin(alice, 'Success', { LoginTo: LOGIN_TO, MFAUsed: 'No' }));
    expect(h).toHaveLength(1);
    expect(h[0].resource).toBe('arn:aws:iam::111122223333:user/team/alice');
    expect(h[0].fix?.cli).toContain('--user-name alice');
    expect(h[0].fix?.cli).not.toContain('<user-name>');
  });
  it('is silent with MFA in any case spelling', () => {
    expect(hits('user-sign-in-without-mfa', consoleLogin(alice, 'Success', { LoginTo: LOGIN_TO, MFAUsed: 'YES' }))).toEqual([]);
  });
  it('ignores SAML, SSO and Identity Center sign-ins (MFA is at the IdP)', () => {
    const saml = consoleLogin(alice, 'Success', { LoginTo: LOGIN_TO, MFAUsed: 'No', SamlProviderArn: 'arn:aws:iam::111122223333:saml-provider/Okta' });
    const sso = consoleLogin(ssoIdentity('PowerUserAccess', 'erin'), 'Success', { LoginTo: LOGIN_TO, MFAUsed: 'No' });
    const idc = consoleLogin(
      { type: 'IdentityCenterUser', accountId: '111122223333', onBehalfOf: { userId: '94482488-3041-7026-18f3-be45837cd0e4', identityStoreArn: 'arn:aws:identitystore::111122223333:identitystore/d-9067642ac7' }, credentialId: 'EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE' },
      'Success',
      { LoginTo: LOGIN_TO, MFAUsed: 'No' },
    );
    for (const input of [saml, sso, idc]) expect(firing(input)).toEqual([]);
  });
});

describe('root-activity', () => {
  it('write call: high; read-only call: medium', () => {
    const write = hits('root-activity', iamCall('CreateUser', rootIdentity(), { userName: 'bob' }));
    expect(write[0].severity).toBe('high');
    const read = hits('root-activity', envelope(record({ eventName: 'GetAccountSummary', eventSource: 'iam.amazonaws.com', userIdentity: rootIdentity(), readOnly: true })));
    expect(read[0].severity).toBe('medium');
  });

  it('infers read-only from the name when the record lacks readOnly', () => {
    const rec = record({ eventName: 'ListUsers', eventSource: 'iam.amazonaws.com', userIdentity: rootIdentity() });
    delete rec.readOnly;
    expect(hits('root-activity', rec)[0].severity).toBe('medium');
  });

  it('a failed root call still signals, marked as failed', () => {
    const h = hits('root-activity', iamCall('DeleteUser', rootIdentity(), { userName: 'bob' }, null, { errorCode: 'NoSuchEntityException', errorMessage: 'The user with name bob cannot be found.' }));
    expect(h).toHaveLength(1);
    expect(h[0].factors?.failedAttempt).toBe(true);
    expect(h[0].message).toMatch(/failed \(NoSuchEntityException\)/);
  });

  it('a failed root sign-in step other than ConsoleLogin (directory-login bots) is medium, not high', () => {
    const input = envelope(
      record({
        eventName: 'ExternalIdPDirectoryLogin',
        eventSource: 'signin.amazonaws.com',
        userIdentity: rootIdentity({ signIn: true }),
        responseElements: { ExternalIdPDirectoryLogin: 'Failure' },
        eventType: 'AwsConsoleSignIn',
      }),
    );
    const h = hits('root-activity', input);
    expect(h).toHaveLength(1);
    expect(h[0].severity).toBe('medium');
    expect(h[0].factors?.failedAttempt).toBe(true);
  });

  it('centralized root (assumedRoot) sessions: lower severity with an explicit message', () => {
    const h = hits('root-activity', iamCall('DeleteLoginProfile', rootIdentity({ assumedRoot: true }), null));
    expect(h).toHaveLength(1);
    expect(h[0].severity).toBe('medium');
    expect(h[0].message).toMatch(/AssumeRoot/);
  });

  it('root acting through the console (invokedBy signin.amazonaws.com) is still root activity', () => {
    const h = hits('root-activity', iamCall('AttachUserPolicy', rootIdentity({ invokedBy: 'signin.amazonaws.com' }), { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    expect(h).toHaveLength(1);
  });

  it('centralized root session removing root MFA: medium with an explicit message, not critical', () => {
    const h = hits('root-credentials-changed', iamCall('DeactivateMFADevice', rootIdentity({ assumedRoot: true }), { serialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device' }));
    expect(h).toHaveLength(1);
    expect(h[0].severity).toBe('medium');
    expect(h[0].message).toMatch(/centralized root access/);
  });

  it('excludes invokedBy and AwsServiceEvent (CIS filter)', () => {
    expect(hits('root-activity', iamCall('CreateUser', rootIdentity({ invokedBy: 'cloudformation.amazonaws.com' }), { userName: 'x' }))).toEqual([]);
    expect(hits('root-activity', envelope(record({ eventName: 'CreateUser', eventSource: 'iam.amazonaws.com', userIdentity: rootIdentity(), eventType: 'AwsServiceEvent' })))).toEqual([]);
  });

  it('root enabling MFA for an IAM user is root activity, not a root credential change', () => {
    expect(firing(iamCall('EnableMFADevice', rootIdentity(), { userName: 'bob', serialNumber: 'arn:aws:iam::111122223333:mfa/bob' }))).toEqual(['root-activity']);
  });
});

describe('root CreateAccessKey and credential changes', () => {
  const key = { accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', createDate: 'Nov 2, 2026, 9:14:27 AM' } };
  it.each([
    ['null', null],
    ['empty object', {}],
  ])('root key with requestParameters %s: critical, reported once', (_n, rp) => {
    const input = iamCall('CreateAccessKey', rootIdentity(), rp, key);
    expect(firing(input)).toEqual(['root-access-key-created']);
    const h = hits('root-access-key-created', input);
    expect(h[0].resource).toBe('arn:aws:iam::111122223333:root');
    // The key is deleted in the console by root (only root can): the console steps name it; the command only checks.
    expect(h[0].fix?.console.join(' ')).toContain('AKIAI44QH8DHBEXAMPLE');
  });

  it('requestParameters absent altogether', () => {
    const rec = record({ eventName: 'CreateAccessKey', eventSource: 'iam.amazonaws.com', userIdentity: rootIdentity(), responseElements: key });
    delete rec.requestParameters;
    expect(firing(rec)).toEqual(['root-access-key-created']);
  });

  it('invokedBy does not hide a root key creation or a root MFA removal', () => {
    expect(firing(iamCall('CreateAccessKey', rootIdentity({ invokedBy: 'signin.amazonaws.com' }), null, key))).toEqual(['root-access-key-created']);
    const mfa = hits('root-credentials-changed', iamCall('DeactivateMFADevice', rootIdentity({ invokedBy: 'signin.amazonaws.com' }), { serialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device' }));
    expect(mfa).toHaveLength(1);
    expect(mfa[0].severity).toBe('critical');
  });

  it('root MFA removal is critical and reported once', () => {
    const input = iamCall('DeleteVirtualMFADevice', rootIdentity(), { serialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device' });
    expect(firing(input)).toEqual(['root-credentials-changed']);
  });

  it('root password change is high', () => {
    const input = envelope(
      record({ eventName: 'PasswordUpdated', eventSource: 'signin.amazonaws.com', userIdentity: rootIdentity({ signIn: true }), responseElements: { PasswordUpdated: 'Success' }, eventType: 'AwsConsoleSignIn' }),
    );
    expect(hits('root-credentials-changed', input)[0].severity).toBe('high');
    expect(firing(input)).toEqual(['root-credentials-changed']);
  });
});

describe('access keys: self vs other', () => {
  const resp = (user: string) => ({ accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', userName: user, createDate: 'Nov 2, 2026, 9:14:27 AM' } });
  it.each([
    ['own key, requestParameters null', userIdentity('alice'), null, 'alice', 'access-key-created'],
    ['own key, requestParameters {}', userIdentity('alice'), {}, 'alice', 'access-key-created'],
    ['own key, naming itself', userIdentity('alice'), { userName: 'alice' }, 'alice', 'access-key-created'],
    ['path user, own key (name compared, not ARN suffix)', userIdentity('alice', { path: 'eng/ml/' }), null, 'alice', 'access-key-created'],
    ['path user, key for a namesake-suffix user', userIdentity('alice', { path: 'eng/' }), { userName: 'eng-alice' }, 'eng-alice', 'access-key-created-for-other-user'],
    ['other user', userIdentity('alice'), { userName: 'bob' }, 'bob', 'access-key-created-for-other-user'],
    ['role, name only in the response', roleIdentity('Deployer', 'ci'), null, 'svc-backup', 'access-key-created-for-other-user'],
    ['role named like the user', roleIdentity('bob', 'bob'), { userName: 'bob' }, 'bob', 'access-key-created-for-other-user'],
  ])('%s', (_n, identity, rp, owner, expected) => {
    const input = iamCall('CreateAccessKey', identity, rp, resp(owner));
    const f = firing(input).filter((id) => id.startsWith('access-key'));
    expect(f).toEqual([expected]);
  });

  it('other-user key names the target user and fills the fix', () => {
    const h = hits('access-key-created-for-other-user', iamCall('CreateAccessKey', roleIdentity('Deployer', 'ci'), { userName: 'bob' }, resp('bob')));
    expect(h[0].resource).toBe('arn:aws:iam::111122223333:user/bob');
    expect(h[0].message).toMatch(/role Deployer.*IAM user bob/);
    expect(h[0].fix?.cli).toBe('aws iam update-access-key --user-name bob --access-key-id AKIAI44QH8DHBEXAMPLE --status Inactive');
  });

  it('self key severity low, other medium', () => {
    expect(rule('access-key-created').severity).toBe('low');
    expect(rule('access-key-created-for-other-user').severity).toBe('medium');
  });
});

describe('properties', () => {
  const name = fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,64}$/);
  const path = fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/), { maxLength: 3 }).map((p) => (p.length ? `${p.join('/')}/` : ''));
  it('a user creating its own key (any path, any request shape) is access-key-created, never the backdoor rule', () => {
    fc.assert(
      fc.property(name, path, fc.constantFrom(null, {}, 'self'), (user, p, rp) => {
        const input = iamCall('CreateAccessKey', userIdentity(user, { path: p }), rp === 'self' ? { userName: user } : rp, {
          accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', userName: user, createDate: 'Nov 2, 2026, 9:14:27 AM' },
        });
        const f = firing(input);
        return f.includes('access-key-created') && !f.includes('access-key-created-for-other-user');
      }),
    );
  });
  it('a key for a differently named user is always the backdoor rule', () => {
    fc.assert(
      fc.property(name, name, path, (caller, target, p) => {
        fc.pre(caller.toLowerCase() !== target.toLowerCase());
        const f = firing(iamCall('CreateAccessKey', userIdentity(caller, { path: p }), { userName: target }));
        return f.includes('access-key-created-for-other-user') && !f.includes('access-key-created');
      }),
    );
  });
  it('MFAUsed is compared ignoring case', () => {
    fc.assert(
      fc.property(fc.constantFrom('yes', 'no'), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), (word, upper) => {
        const spelled = [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
        const h = hits('root-sign-in', consoleLogin(rootIdentity({ signIn: true }), 'Success', { LoginTo: LOGIN_TO, MFAUsed: spelled }));
        return h[0].severity === (word === 'yes' ? 'high' : 'critical');
      }),
    );
  });
});
