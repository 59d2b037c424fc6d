/**
 * The change scorer in Organizations mode (the central account scores every member account's events from the org bus),
 * with the real idempotency store (dynalite), SNS and Organizations mocked as AWS answers:
 * - idempotency across accounts: two accounts' events with the same eventID are both scored; a redelivery is not;
 * - alerts name the account (id and DescribeAccount name, sanitised) in the subject, the body and the history; a
 *   failed lookup leaves the id alone and never drops the alert;
 * - per-account configuration by account id and by OU (ListParents);
 * - a member account's event is never enriched with the central account's IAM.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AccessDeniedException, DescribeAccountCommand, ListParentsCommand, OrganizationsClient, TooManyRequestsException } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { idempotencyKeyOf, memberAccountReason } from '../../functions/change-scorer';
import { organizationsLookups } from '../../lib/aws/organizations-directory';
import { createAccountDirectory } from '../../lib/org/account-directory';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import type { EnrichmentSource } from '../../lib/cloudtrail/enrichment-types';
import { MemoryStore } from '../../lib/store/memory';
import { scorerOnDynalite } from '../support/scorer-harness';
import { asMember, sampleEvent } from '../org/member-events';

const TABLE = 'iam-guardian-org-state';
const HOME = '111122223333';
const PAYMENTS = '444455556666';
const SANDBOX = '777788889999';
const sns = mockClient(SNSClient);
const org = mockClient(OrganizationsClient);
let seq = 0;

/** DescribeAccount output as AWS returns it. */
function account(id: string, name: string) {
  return { Account: { Id: id, Arn: `arn:aws:organizations::${HOME}:account/o-a1b2c3d4e5/${id}`, Email: 'ops@example.com', Name: name, Status: 'ACTIVE' as const, State: 'ACTIVE' as const, JoinedMethod: 'INVITED' as const, JoinedTimestamp: new Date('2025-03-01T00:00:00Z') } };
}

/** An IAM enrichment source that records every lookup (the central account's IAM). */
function recordingSource(calls: string[]): EnrichmentSource {
  return {
    getPolicyDocument: async (arn) => {
      calls.push(`GetPolicyVersion ${arn}`);
      return { statements: [{ effect: 'Allow', action: ['s3:GetObject'], resource: ['*'] }] } as unknown as Awaited<ReturnType<EnrichmentSource['getPolicyDocument']>>;
    },
    getGroupPolicies: async (g) => {
      calls.push(`group ${g}`);
      throw new Error('not expected');
    },
  };
}

function scorer(opts: { config?: Config; store?: MemoryStore; source?: EnrichmentSource; named?: boolean } = {}) {
  const client = new OrganizationsClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } });
  return harness.scorer({
    config: opts.config ?? DEFAULT_CONFIG,
    homeAccount: HOME,
    ...(opts.named === false ? {} : { accounts: createAccountDirectory(organizationsLookups(client)) }),
    ...(opts.store ? { store: opts.store } : {}),
    ...(opts.source ? { source: opts.source } : {}),
  });
}

const published = () => sns.commandCalls(PublishCommand).map((c) => ({ subject: c.args[0].input.Subject ?? '', message: c.args[0].input.Message ?? '' }));
const freshId = () => `5f1c2a3b-0d4e-4f5a-8b6c-${String(++seq).padStart(12, '0')}`;

const harness = scorerOnDynalite(TABLE);
afterAll(() => {
  sns.restore();
  org.restore();
});
beforeEach(() => {
  sns.reset();
  org.reset();
  let n = 0;
  sns.on(PublishCommand).callsFake(async () => ({ MessageId: `msg-${++n}` }));
  org
    .on(DescribeAccountCommand, { AccountId: PAYMENTS })
    .resolves(account(PAYMENTS, 'payments-prod'))
    .on(DescribeAccountCommand, { AccountId: SANDBOX })
    .resolves(account(SANDBOX, 'sandbox'));
});

describe('idempotency across accounts', () => {
  it('the key carries the account: same eventID in two accounts = two keys; redelivery = same key', () => {
    const root = sampleEvent('root-create-access-key.json');
    const id = freshId();
    const a = asMember(root, PAYMENTS, { eventID: id, deliveryId: 'd-1' });
    const b = asMember(root, SANDBOX, { eventID: id, deliveryId: 'd-2' });
    expect(idempotencyKeyOf(a)).toBe(`${PAYMENTS}#${id}`);
    expect(idempotencyKeyOf(b)).toBe(`${SANDBOX}#${id}`);
    expect(idempotencyKeyOf({ ...a, id: 'd-3' })).toBe(idempotencyKeyOf(a));
  });

  it('two accounts\' events with the same eventID are both scored and alerted; a redelivery of either is not', async () => {
    const root = sampleEvent('root-create-access-key.json');
    const id = freshId();
    const s = scorer();
    const first = await s.handle(asMember(root, PAYMENTS, { eventID: id, deliveryId: 'd-1' }));
    const second = await s.handle(asMember(root, SANDBOX, { eventID: id, deliveryId: 'd-2' }));
    await s.handle(asMember(root, PAYMENTS, { eventID: id, deliveryId: 'd-3' }));
    await scorer().handle(asMember(root, SANDBOX, { eventID: id, deliveryId: 'd-4' }));
    expect([first.account, second.account]).toEqual([PAYMENTS, SANDBOX]);
    expect(published()).toHaveLength(2);
    expect(published().map((p) => p.subject.slice(0, 40))).toEqual([expect.stringContaining(PAYMENTS), expect.stringContaining(SANDBOX)]);
  });

  it('records without a usable eventID: the same record from two accounts is two events', () => {
    const root = sampleEvent('root-create-access-key.json');
    const a = asMember(root, PAYMENTS);
    const b = asMember(root, SANDBOX);
    a.detail.eventID = '';
    b.detail.eventID = '';
    delete a.detail.recipientAccountId;
    delete b.detail.recipientAccountId;
    // Same detail apart from the envelope account and the identity's ARNs; the envelope alone differs too.
    const c = { ...a, account: SANDBOX };
    expect(idempotencyKeyOf(a)).not.toBe(idempotencyKeyOf(b));
    expect(idempotencyKeyOf(a)).not.toBe(idempotencyKeyOf(c));
  });
});

describe('alerts name the account', () => {
  it('id and name in the subject, the body and the stored history', async () => {
    const store = new MemoryStore();
    const r = await scorer({ store }).handle(asMember(sampleEvent('root-create-access-key.json'), PAYMENTS, { eventID: freshId() }));
    expect(r).toMatchObject({ alert: true, account: PAYMENTS, accountName: 'payments-prod' });
    const [mail] = published();
    expect(mail.subject).toMatch(/^\[CRITICAL\] 444455556666 \(payments-prod\) /);
    expect(mail.subject.length).toBeLessThanOrEqual(100);
    expect(mail.message).toContain('  Account:    444455556666 (payments-prod)');
    const [record] = await store.listAlerts(PAYMENTS, '2026-01-01T00:00:00Z');
    expect(record).toMatchObject({ account: PAYMENTS, accountName: 'payments-prod', severity: 'critical' });
    expect(org.commandCalls(DescribeAccountCommand).map((c) => c.args[0].input.AccountId)).toEqual([PAYMENTS]);
  });

  it('a hostile name cannot forge a subject or a line: controls and bidi removed, length capped', async () => {
    org.on(DescribeAccountCommand, { AccountId: PAYMENTS }).resolves(account(PAYMENTS, 'ok\r\nSubject: [INFO] all clear\u202e\u0007 ' + 'x'.repeat(80)));
    await scorer().handle(asMember(sampleEvent('root-create-access-key.json'), PAYMENTS, { eventID: freshId() }));
    const [mail] = published();
    for (const c of ['\r', '\n', '\u202e', '\u0007']) expect(mail.subject).not.toContain(c);
    // In the subject the name is cut to 24 characters so the headline stays readable.
    expect(mail.subject).toMatch(/^\[CRITICAL\] 444455556666 \(ok Subject: \[INFO\] all\.\.\.\) Access key created for the root user - root$/);
    const line = mail.message.split('\n').find((l) => l.startsWith('  Account:'))!;
    expect(line).toMatch(/^ {2}Account: {4}444455556666 \(ok Subject: \[INFO\] all clear x+…\)$/);
    for (const c of ['\r', '\u202e', '\u0007']) expect(mail.message).not.toContain(c);
  });

  it('DescribeAccount denied or throttled: the alert goes out naming the id alone', async () => {
    org.on(DescribeAccountCommand).rejects(new AccessDeniedException({ message: 'You don\'t have permissions to access this resource.', $metadata: {} }));
    const r = await scorer().handle(asMember(sampleEvent('root-create-access-key.json'), PAYMENTS, { eventID: freshId() }));
    org.on(DescribeAccountCommand).rejects(new TooManyRequestsException({ message: 'AWS Organizations can\'t complete your request because another request is already in progress.', $metadata: {} }));
    await scorer().handle(asMember(sampleEvent('root-create-access-key.json'), SANDBOX, { eventID: freshId() }));
    expect(r.alert).toBe(true);
    expect(r.accountName).toBeUndefined();
    const mails = published();
    expect(mails).toHaveLength(2);
    expect(mails[0].subject).toMatch(/^\[CRITICAL\] 444455556666 Access key created/);
    expect(mails[0].message).toContain('  Account:    444455556666\n');
    expect(mails[1].subject).toMatch(/^\[CRITICAL\] 777788889999 Access key created/);
  });

  it('single-account mode (no directory) names no account and calls no Organizations API', async () => {
    await scorer({ named: false }).handle(asMember(sampleEvent('root-create-access-key.json'), HOME, { eventID: freshId() }));
    expect(published()[0].subject).toMatch(/^\[CRITICAL\] 111122223333 Access key created/);
    expect(org.calls()).toHaveLength(0);
  });
});

describe('per-account configuration', () => {
  const config: Config = {
    ...DEFAULT_CONFIG,
    accounts: [
      { match: { ous: ['ou-ab12-5a5a5a5a'] }, disabledRules: ['user-sign-in-without-mfa'] },
      { match: { accountIds: [PAYMENTS] }, alertThreshold: 'critical' },
    ],
  };

  it('an OU above the account disables a rule there only; an account id raises its threshold only there', async () => {
    org
      .on(ListParentsCommand, { ChildId: SANDBOX })
      .resolves({ Parents: [{ Id: 'ou-ab12-7b7b7b7b', Type: 'ORGANIZATIONAL_UNIT' }] })
      .on(ListParentsCommand, { ChildId: 'ou-ab12-7b7b7b7b' })
      .resolves({ Parents: [{ Id: 'ou-ab12-5a5a5a5a', Type: 'ORGANIZATIONAL_UNIT' }] })
      .on(ListParentsCommand, { ChildId: 'ou-ab12-5a5a5a5a' })
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] })
      .on(ListParentsCommand, { ChildId: PAYMENTS })
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] })
      .on(ListParentsCommand, { ChildId: HOME })
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    const s = scorer({ config });
    const signIn = sampleEvent('console-login-iam-user-no-mfa.json');
    const home = await s.handle(asMember(signIn, HOME, { eventID: freshId() }));
    const sandbox = await s.handle(asMember(signIn, SANDBOX, { eventID: freshId() }));
    const payments = await s.handle(asMember(signIn, PAYMENTS, { eventID: freshId() }));
    expect(home).toMatchObject({ alert: true, account: HOME });
    expect(sandbox).toMatchObject({ alert: false, severity: 'none', account: SANDBOX });
    // Found in payments, but below its critical threshold: no e-mail.
    expect(payments).toMatchObject({ alert: false, account: PAYMENTS });
    expect(payments.severity).not.toBe('none');
    expect(published().map((p) => p.subject.slice(0, 30))).toEqual([expect.stringContaining(HOME)]);
    // A critical event in payments still alerts.
    const root = await s.handle(asMember(sampleEvent('root-create-access-key.json'), PAYMENTS, { eventID: freshId() }));
    expect(root.alert).toBe(true);
  });

  it('OUs unreadable: the entries matching by account id still apply, the OU ones do not, nothing is dropped', async () => {
    org.on(ListParentsCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata: {} }));
    const s = scorer({ config });
    const r = await s.handle(asMember(sampleEvent('console-login-iam-user-no-mfa.json'), SANDBOX, { eventID: freshId() }));
    expect(r.alert).toBe(true);
    const p = await s.handle(asMember(sampleEvent('console-login-iam-user-no-mfa.json'), PAYMENTS, { eventID: freshId() }));
    expect(p.alert).toBe(false);
  });
});

describe("a member account's IAM is not read from the central account", () => {
  it('the home account\'s event is enriched; the same change in a member account is judged without lookups and says why', async () => {
    const calls: string[] = [];
    const store = new MemoryStore();
    const s = scorer({ source: recordingSource(calls), store });
    const attach = sampleEvent('attach-customer-policy-to-role-unverified.json');
    await s.handle(asMember(attach, HOME, { eventID: freshId() }));
    expect(calls).toEqual([`GetPolicyVersion arn:aws:iam::${HOME}:policy/batch-worker-access`]);
    const member = await s.handle(asMember(attach, PAYMENTS, { eventID: freshId() }));
    expect(calls).toHaveLength(1);
    expect(member.account).toBe(PAYMENTS);
    const mail = published().find((m) => m.subject.includes(PAYMENTS));
    expect(mail?.message).toContain(memberAccountReason(PAYMENTS));
  });
});
