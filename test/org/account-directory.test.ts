/**
 * Member account names and OUs for the central scorer (lib/org/account-directory.ts over lib/aws/organizations-directory.ts):
 * DescribeAccount / ListParents shaped as AWS returns them (aws-sdk-client-mock), cached per cold start with a TTL,
 * failures remembered briefly and answered with `undefined` (the alert then names the id only), hostile names cleaned.
 */
import { DescribeAccountCommand, ListParentsCommand, OrganizationsClient, AccessDeniedException, AWSOrganizationsNotInUseException } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { organizationsLookups } from '../../lib/aws/organizations-directory';
import { accountDisplayName, createAccountDirectory, DEFAULT_DIRECTORY_TTL_MS, DEFAULT_FAILURE_TTL_MS, MAX_ACCOUNT_NAME_CHARS } from '../../lib/org/account-directory';

const org = mockClient(OrganizationsClient);
const client = new OrganizationsClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } });
const MEMBER = '444455556666';

/** DescribeAccount output as AWS returns it. */
function describe_(id: string, name: string) {
  return {
    Account: {
      Id: id,
      Arn: `arn:aws:organizations::111122223333:account/o-a1b2c3d4e5/${id}`,
      Email: 'team@example.com',
      Name: name,
      Status: 'ACTIVE' as const,
      State: 'ACTIVE' as const,
      JoinedMethod: 'CREATED' as const,
      JoinedTimestamp: new Date('2025-01-01T00:00:00Z'),
    },
  };
}

beforeEach(() => org.reset());
afterAll(() => org.restore());

describe('accountDisplayName: another account administrator chose this text', () => {
  it.each([
    ['Prod Web', 'Prod Web'],
    ['  prod\n\nweb\t', 'prod web'],
    ['evil\u202e\u200bname\u0007', 'evilname'],
    ['ｆｕｌｌ', 'full'],
    ['\u0000\u0001', undefined],
    ['', undefined],
  ])('%j → %j', (raw, shown) => {
    expect(accountDisplayName(raw)).toBe(shown);
  });

  it('caps at 50 characters and is never anything but a string', () => {
    const long = accountDisplayName('x'.repeat(500))!;
    expect([...long].length).toBe(MAX_ACCOUNT_NAME_CHARS);
    expect(long.endsWith('…')).toBe(true);
    for (const v of [42, null, undefined, { a: 1 }, ['a']]) expect(accountDisplayName(v)).toBeUndefined();
  });
});

describe('createAccountDirectory', () => {
  it('names the account from DescribeAccount and reads it once within the TTL, again after', async () => {
    org.on(DescribeAccountCommand, { AccountId: MEMBER }).resolves(describe_(MEMBER, 'payments-prod'));
    let now = 1_000_000;
    const dir = createAccountDirectory(organizationsLookups(client), { now: () => now });
    expect(await dir.name(MEMBER)).toBe('payments-prod');
    expect(await dir.name(MEMBER)).toBe('payments-prod');
    expect(org.commandCalls(DescribeAccountCommand)).toHaveLength(1);
    now += DEFAULT_DIRECTORY_TTL_MS + 1;
    org.on(DescribeAccountCommand, { AccountId: MEMBER }).resolves(describe_(MEMBER, 'payments-prod-renamed'));
    expect(await dir.name(MEMBER)).toBe('payments-prod-renamed');
    expect(org.commandCalls(DescribeAccountCommand)).toHaveLength(2);
  });

  it('a failure answers undefined, is reported, and is retried only after the failure TTL', async () => {
    org.on(DescribeAccountCommand).rejects(new AccessDeniedException({ message: 'not a delegated administrator', $metadata: {} }));
    let now = 5_000_000;
    const errors: string[] = [];
    const dir = createAccountDirectory(organizationsLookups(client), { now: () => now, onError: (what, id, reason) => errors.push(`${what} ${id} ${reason}`) });
    expect(await dir.name(MEMBER)).toBeUndefined();
    expect(await dir.name(MEMBER)).toBeUndefined();
    expect(errors).toEqual([`DescribeAccount ${MEMBER} AccessDeniedException`]);
    expect(org.commandCalls(DescribeAccountCommand)).toHaveLength(1);
    now += DEFAULT_FAILURE_TTL_MS + 1;
    org.on(DescribeAccountCommand).resolves(describe_(MEMBER, 'recovered'));
    expect(await dir.name(MEMBER)).toBe('recovered');
  });

  it('never asks Organizations about something that is not an account id', async () => {
    const dir = createAccountDirectory(organizationsLookups(client));
    for (const id of ['unknown', '12345', 'arn:aws:iam::444455556666:root', `${MEMBER}\n`]) {
      expect(await dir.name(id)).toBeUndefined();
      expect(await dir.ous(id)).toBeUndefined();
    }
    expect(org.calls()).toHaveLength(0);
  });

  it('OU path: nearest OU first up to the root, cached', async () => {
    org
      .on(ListParentsCommand, { ChildId: MEMBER })
      .resolves({ Parents: [{ Id: 'ou-ab12-11111111', Type: 'ORGANIZATIONAL_UNIT' }] })
      .on(ListParentsCommand, { ChildId: 'ou-ab12-11111111' })
      .resolves({ Parents: [{ Id: 'ou-ab12-22222222', Type: 'ORGANIZATIONAL_UNIT' }] })
      .on(ListParentsCommand, { ChildId: 'ou-ab12-22222222' })
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    const dir = createAccountDirectory(organizationsLookups(client));
    expect(await dir.ous(MEMBER)).toEqual(['ou-ab12-11111111', 'ou-ab12-22222222']);
    expect(await dir.ous(MEMBER)).toEqual(['ou-ab12-11111111', 'ou-ab12-22222222']);
    expect(org.commandCalls(ListParentsCommand)).toHaveLength(3);
  });

  it('OU path: an account directly under the root has none; a malformed or endless chain is a failure, not a guess', async () => {
    org.on(ListParentsCommand, { ChildId: MEMBER }).resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    expect(await createAccountDirectory(organizationsLookups(client)).ous(MEMBER)).toEqual([]);

    org.reset();
    org.on(ListParentsCommand).resolves({ Parents: [{ Id: 'ou-ab12-33333333', Type: 'ORGANIZATIONAL_UNIT' }] });
    const errors: string[] = [];
    expect(await createAccountDirectory(organizationsLookups(client), { onError: (_w, _id, r) => errors.push(r) }).ous(MEMBER)).toBeUndefined();
    expect(errors[0]).toMatch(/more than 8 levels/);

    org.reset();
    org.on(ListParentsCommand).resolves({ Parents: [{ Id: 'ou-$(reboot)', Type: 'ORGANIZATIONAL_UNIT' }] });
    expect(await createAccountDirectory(organizationsLookups(client)).ous(MEMBER)).toBeUndefined();

    org.reset();
    org.on(ListParentsCommand).rejects(new AWSOrganizationsNotInUseException({ message: 'not in an organization', $metadata: {} }));
    expect(await createAccountDirectory(organizationsLookups(client)).ous(MEMBER)).toBeUndefined();
  });
});
