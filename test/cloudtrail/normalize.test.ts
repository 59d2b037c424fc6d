import { normalizeEvent, stableFingerprint } from '../../lib/cloudtrail/normalize';

const ACCT = '111122223333';

function bare(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.10',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCT}:user/alice`, accountId: ACCT, userName: 'alice' },
    eventTime: '2026-11-02T09:14:27Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateUser',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.24',
    userAgent: 'aws-cli/2.22.4',
    requestParameters: { userName: 'bob' },
    responseElements: { user: { userName: 'bob' } },
    eventID: '0f6a7c1e-1111-4222-8333-944455556666',
    readOnly: false,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCT,
    ...over,
  };
}

function envelope(detail: unknown, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    id: 'e1f0c0a4-aaaa-bbbb-cccc-ddddeeeeffff',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.iam',
    account: ACCT,
    time: '2026-11-02T09:14:30Z',
    region: 'us-east-1',
    resources: [],
    detail,
    ...over,
  };
}

describe('normalizeEvent: envelope and bare record', () => {
  it('reads an EventBridge envelope and keeps the envelope fields', () => {
    const ev = normalizeEvent(envelope(bare()));
    expect(ev.problems).toEqual([]);
    expect(ev.eventId).toBe('0f6a7c1e-1111-4222-8333-944455556666');
    expect(ev.eventName).toBe('CreateUser');
    expect(ev.eventSource).toBe('iam.amazonaws.com');
    expect(ev.account).toBe(ACCT);
    expect(ev.sourceIp).toBe('203.0.113.24');
    expect(ev.readOnly).toBe(false);
    expect(ev.envelope).toEqual({
      id: 'e1f0c0a4-aaaa-bbbb-cccc-ddddeeeeffff',
      detailType: 'AWS API Call via CloudTrail',
      source: 'aws.iam',
      time: '2026-11-02T09:14:30Z',
      region: 'us-east-1',
      account: ACCT,
    });
    expect(ev.record.eventName).toBe('CreateUser');
  });

  it('reads a bare record the same way (no envelope)', () => {
    const a = normalizeEvent(bare());
    const b = normalizeEvent(envelope(bare()));
    expect(a.envelope).toBeUndefined();
    expect({ ...a, envelope: undefined }).toEqual({ ...b, envelope: undefined });
  });

  it('account: recipientAccountId, else envelope account, else userIdentity.accountId', () => {
    expect(normalizeEvent(envelope(bare({ recipientAccountId: '999988887777' }))).account).toBe('999988887777');
    expect(normalizeEvent(envelope(bare({ recipientAccountId: undefined }), { account: '222233334444' })).account).toBe('222233334444');
    expect(normalizeEvent(bare({ recipientAccountId: undefined })).account).toBe(ACCT);
    const none = normalizeEvent(bare({ recipientAccountId: undefined, userIdentity: { type: 'IAMUser', userName: 'x' } }));
    expect(none.account).toBe('unknown');
    expect(none.problems.join('|')).toMatch(/recipientAccountId is missing/);
  });
});

describe('normalizeEvent: actors of every userIdentity type', () => {
  const cases: [string, Record<string, unknown>, Partial<Record<string, unknown>>][] = [
    [
      'Root with alias',
      { type: 'Root', principalId: ACCT, arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT, userName: 'acme-prod', accessKeyId: '' },
      { type: 'Root', userName: 'acme-prod', display: 'root (account alias acme-prod)', assumedRoot: false },
    ],
    [
      'Root via AssumeRoot (sessionContext.assumedRoot)',
      { type: 'Root', arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT, sessionContext: { assumedRoot: 'true', attributes: { mfaAuthenticated: 'false' } } },
      { type: 'Root', assumedRoot: true, mfaAuthenticated: false },
    ],
    [
      'Root via AssumeRoot (userIdentity.assumedRoot)',
      { type: 'Root', arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT, assumedRoot: 'true' },
      { assumedRoot: true },
    ],
    [
      'IAMUser with a path',
      { type: 'IAMUser', arn: `arn:aws:iam::${ACCT}:user/team/x/alice`, accountId: ACCT, userName: 'alice', sessionContext: { attributes: { mfaAuthenticated: 'true' } } },
      { type: 'IAMUser', userName: 'alice', display: 'IAM user alice', mfaAuthenticated: true },
    ],
    [
      'IAMUser without userName (name from the ARN)',
      { type: 'IAMUser', arn: `arn:aws:iam::${ACCT}:user/ops/bob`, accountId: ACCT },
      { userName: 'bob' },
    ],
    [
      'AssumedRole',
      {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLE:gh-actions-1',
        arn: `arn:aws:sts::${ACCT}:assumed-role/ci-deployer/gh-actions-1`,
        accountId: ACCT,
        sessionContext: {
          sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: `arn:aws:iam::${ACCT}:role/ci-deployer`, accountId: ACCT, userName: 'ci-deployer' },
          attributes: { creationDate: '2026-11-02T08:40:02Z', mfaAuthenticated: 'false' },
        },
      },
      { type: 'AssumedRole', roleName: 'ci-deployer', roleArn: `arn:aws:iam::${ACCT}:role/ci-deployer`, sessionName: 'gh-actions-1', isSso: false, isServiceLinked: false, display: 'role ci-deployer (session gh-actions-1)' },
    ],
    [
      'AssumedRole of IAM Identity Center',
      {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${ACCT}:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/dana@example.com`,
        accountId: ACCT,
        sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`, userName: 'AWSReservedSSO_Admin_0123456789abcdef' } },
      },
      { isSso: true, sessionName: 'dana@example.com' },
    ],
    [
      'AssumedRole of a service-linked role',
      {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${ACCT}:assumed-role/AWSServiceRoleForConfig/config-session`,
        sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, userName: 'AWSServiceRoleForConfig' } },
      },
      { isServiceLinked: true, isSso: false },
    ],
    [
      'AssumedRole without sessionContext (role name from the ARN)',
      { type: 'AssumedRole', arn: `arn:aws:sts::${ACCT}:assumed-role/deployer/s1` },
      { roleName: 'deployer', sessionName: 's1' },
    ],
    ['AWSService', { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' }, { type: 'AWSService', invokedBy: 'ec2.amazonaws.com', display: 'AWS service ec2.amazonaws.com' }],
    ['AWSAccount', { type: 'AWSAccount', principalId: 'AIDAEXAMPLE', accountId: '444455556666' }, { type: 'AWSAccount', accountId: '444455556666' }],
    [
      'FederatedUser',
      {
        type: 'FederatedUser',
        principalId: `${ACCT}:carol`,
        arn: `arn:aws:sts::${ACCT}:federated-user/carol`,
        accountId: ACCT,
        sessionContext: { sessionIssuer: { type: 'IAMUser', userName: 'broker', arn: `arn:aws:iam::${ACCT}:user/broker` } },
      },
      { type: 'FederatedUser', userName: 'carol', roleName: 'broker' },
    ],
    ['SAMLUser', { type: 'SAMLUser', principalId: 'SAMPLE:dan', userName: 'dan', identityProvider: 'bdGOnTesti4Kx2vF' }, { type: 'SAMLUser', userName: 'dan' }],
    ['WebIdentityUser', { type: 'WebIdentityUser', principalId: 'accounts.google.com:123', userName: '123', identityProvider: 'accounts.google.com' }, { type: 'WebIdentityUser', userName: '123' }],
    [
      'IdentityCenterUser',
      { type: 'IdentityCenterUser', accountId: ACCT, onBehalfOf: { userId: '94482488-3041-7026-18f3-be45837cd0e4', identityStoreArn: 'arn:aws:identitystore::111122223333:identitystore/d-9067230a3b' }, credentialId: 'EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE' },
      { type: 'IdentityCenterUser', isSso: true, display: 'IAM Identity Center user 94482488-3041-7026-18f3-be45837cd0e4' },
    ],
    ['Unknown', { type: 'Unknown', principalId: '', accountId: ACCT, userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' }, { type: 'Unknown', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' }],
    ['invokedBy on a user', { type: 'IAMUser', userName: 'alice', invokedBy: 'cloudformation.amazonaws.com' }, { invokedBy: 'cloudformation.amazonaws.com', display: 'IAM user alice via cloudformation.amazonaws.com' }],
  ];
  it.each(cases)('%s', (_name, ui, expected) => {
    const ev = normalizeEvent(bare({ userIdentity: ui }));
    expect(ev.actor).toMatchObject(expected);
    expect(ev.problems).toEqual([]);
  });

  it('a service event without userIdentity.type is an AWS service, not a problem', () => {
    const ev = normalizeEvent(bare({ eventType: 'AwsServiceEvent', userIdentity: { accountId: ACCT, invokedBy: 'sso.amazonaws.com' } }));
    expect(ev.actor.type).toBe('AWSService');
    expect(ev.problems).toEqual([]);
  });

  it('mfaAuthenticated stays undefined when the session does not say', () => {
    expect(normalizeEvent(bare()).actor.mfaAuthenticated).toBeUndefined();
  });
});

describe('normalizeEvent: absent, null, {} and wrong-typed fields', () => {
  it.each([
    ['null', null],
    ['absent', undefined],
    ['{}', {}],
    ['empty string', ''],
  ])('requestParameters / responseElements / additionalEventData %s → {}', (_n, v) => {
    const ev = normalizeEvent(bare({ eventName: 'CreateAccessKey', requestParameters: v, responseElements: v, additionalEventData: v }));
    expect(ev.requestParameters).toEqual({});
    expect(ev.responseElements).toEqual({});
    expect(ev.additionalEventData).toEqual({});
    expect(ev.problems).toEqual([]);
  });

  it('a non-object requestParameters is a problem, named precisely', () => {
    const ev = normalizeEvent(envelope(bare({ requestParameters: 'userName=bob' })));
    expect(ev.requestParameters).toEqual({});
    expect(ev.problems).toContain('detail.requestParameters is not an object (a string)');
  });

  it.each([
    ['eventName missing', { eventName: undefined }, 'detail.eventName is missing'],
    ['eventName not a string', { eventName: 42 }, 'detail.eventName is not a string (a number)'],
    ['eventName empty', { eventName: '' }, 'detail.eventName is empty'],
    ['eventSource missing', { eventSource: null }, 'detail.eventSource is missing'],
    ['userIdentity missing', { userIdentity: undefined }, 'detail.userIdentity is missing'],
    ['userIdentity not an object', { userIdentity: [1] }, 'detail.userIdentity is not an object (a list)'],
    ['userIdentity.type missing', { userIdentity: { userName: 'x' } }, 'detail.userIdentity.type is missing'],
    ['userIdentity.type wrong type', { userIdentity: { type: {} } }, 'detail.userIdentity.type is not a string (an object)'],
  ])('%s', (_n, over, problem) => {
    const ev = normalizeEvent(envelope(bare(over)));
    expect(ev.problems).toContain(problem);
  });

  it('a bare record names fields without the detail. prefix', () => {
    expect(normalizeEvent(bare({ eventName: undefined })).problems).toContain('eventName is missing');
  });

  it('eventID missing: synthetic, stable id and a problem', () => {
    const a = normalizeEvent(bare({ eventID: undefined }));
    const b = normalizeEvent(bare({ eventID: undefined }));
    const c = normalizeEvent(bare({ eventID: undefined, eventTime: '2026-11-02T09:14:28Z' }));
    expect(a.eventId).toMatch(/^synthetic-[0-9a-f]{32}$/);
    expect(a.eventId).toBe(b.eventId);
    expect(c.eventId).not.toBe(a.eventId);
    expect(a.problems.join('|')).toMatch(/eventID is missing/);
  });

  it.each([
    ['a number', 42, 'record is not a JSON object (a number)'],
    ['a string', '{"eventName":"x"}', 'record is not a JSON object (a string)'],
    ['a list', [], 'record is not a JSON object (a list)'],
    ['null', null, 'record is missing'],
  ])('record that is %s', (_n, input, problem) => {
    const ev = normalizeEvent(input);
    expect(ev.problems).toEqual([problem]);
    expect(ev.eventName).toBe('unknown');
    expect(ev.eventId).toMatch(/^synthetic-/);
  });

  it('envelope whose detail is not an object keeps the envelope account and says so', () => {
    const ev = normalizeEvent(envelope('oops'));
    expect(ev.problems).toEqual(['detail is not a JSON object (a string)']);
    expect(ev.account).toBe(ACCT);
  });

  it('failed: errorCode present, or ConsoleLogin Failure without errorCode', () => {
    expect(normalizeEvent(bare({ errorCode: 'AccessDenied', errorMessage: 'no', responseElements: null })).failed).toBe(true);
    expect(normalizeEvent(bare({ eventName: 'ConsoleLogin', responseElements: { ConsoleLogin: 'Failure' } })).failed).toBe(true);
    expect(normalizeEvent(bare({ eventName: 'ConsoleLogin', responseElements: { ConsoleLogin: 'Success' } })).failed).toBe(false);
  });

  it('a risky call missing what it changes is a problem; the same call when failed is not', () => {
    const ev = normalizeEvent(bare({ eventName: 'AttachUserPolicy', requestParameters: { userName: 'bob' } }));
    expect(ev.problems).toContain('requestParameters.policyArn is missing (needed to judge AttachUserPolicy)');
    const failed = normalizeEvent(bare({ eventName: 'AttachUserPolicy', requestParameters: { userName: 'bob' }, errorCode: 'AccessDenied' }));
    expect(failed.problems).toEqual([]);
  });

  it('a policy document that does not parse is a problem; JSON strings and objects parse', () => {
    const bad = normalizeEvent(bare({ eventName: 'PutUserPolicy', requestParameters: { userName: 'b', policyName: 'p', policyDocument: '{"Statement":[' } }));
    expect(bad.problems.join('|')).toMatch(/requestParameters.policyDocument cannot be read: policy document is not valid JSON/);
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
    expect(normalizeEvent(bare({ eventName: 'PutUserPolicy', requestParameters: { userName: 'b', policyName: 'p', policyDocument: JSON.stringify(doc) } })).problems).toEqual([]);
    expect(normalizeEvent(bare({ eventName: 'PutUserPolicy', requestParameters: { userName: 'b', policyName: 'p', policyDocument: doc } })).problems).toEqual([]);
  });

  it('never throws on values no JSON parser produces', () => {
    const cyclic: Record<string, unknown> = { eventName: 'X' };
    cyclic.self = cyclic;
    expect(() => normalizeEvent(cyclic)).not.toThrow();
    const hostile = {
      get eventName(): string {
        throw new Error('boom');
      },
    };
    const ev = normalizeEvent(hostile);
    expect(ev.problems[0]).toMatch(/record could not be read: boom/);
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(normalizeEvent({ eventName: 'X', x: deep }).eventId).toMatch(/^synthetic-/);
    expect(() => normalizeEvent({ eventName: 'X', n: BigInt(1) })).not.toThrow();
  });

  it('stableFingerprint ignores key order and bounds its size', () => {
    expect(stableFingerprint({ a: 1, b: [2, { c: 3 }] })).toBe(stableFingerprint({ b: [2, { c: 3 }], a: 1 }));
    expect(stableFingerprint({ s: 'x'.repeat(5_000_000) }).length).toBeLessThan(300_000);
  });
});
