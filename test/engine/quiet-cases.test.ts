/**
 * The quiet-record pre-check case by case: each condition of quietScore on its own, both ways. A record the rules
 * cannot flag must take the fast path (else every archive record pays for normalisation), and one they can flag must
 * not; whichever path is taken, the result equals the full path's.
 */
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { quietScore, ruleIndex, scoreEventFull, type ScoredEvent } from '../../lib/engine/score-event';
import { EVENT_RULES } from '../../lib/rules/event';
import { READ_PROBLEM_KEY } from '../../lib/cloudtrail/normalize';

const ACCT = '111122223333';
const NOW = '2026-11-02T10:00:00Z';
type Obj = Record<string, unknown>;

function base(): Obj {
  return {
    eventVersion: '1.09',
    eventID: 'quiet-1',
    eventName: 'DescribeInstances',
    eventSource: 'ec2.amazonaws.com',
    eventTime: '2026-11-02T09:14:27Z',
    eventType: 'AwsApiCall',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.24',
    userAgent: 'aws-cli/2.15.0',
    recipientAccountId: ACCT,
    readOnly: true,
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE:ops',
      arn: `arn:aws:sts::${ACCT}:assumed-role/ops/session`,
      accountId: ACCT,
      sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCT}:role/ops`, userName: 'ops' }, attributes: { mfaAuthenticated: 'false' } },
    },
    requestParameters: { instancesSet: {} },
    responseElements: null,
  };
}

const idx = ruleIndex(DEFAULT_CONFIG, EVENT_RULES);
const plain = (s: ScoredEvent): Obj => JSON.parse(JSON.stringify({ ...s, actor: s.actor, event: s.event })) as Obj;

function variant(change: (r: Obj) => void): Obj {
  const r = base();
  change(r);
  return r;
}
const ui = (r: Obj) => r.userIdentity as Obj;

function check(rec: Obj): ScoredEvent | undefined {
  const fast = quietScore(structuredClone(rec), idx);
  const full = scoreEventFull(structuredClone(rec), { config: DEFAULT_CONFIG, now: NOW });
  if (fast) expect(plain(fast)).toStrictEqual(plain(full));
  return fast;
}

const QUIET: [string, (r: Obj) => void][] = [
  ['the base record', () => undefined],
  ['errorCode null', (r) => (r.errorCode = null)],
  ['requestParameters null', (r) => (r.requestParameters = null)],
  ['requestParameters ""', (r) => (r.requestParameters = '')],
  ['requestParameters absent', (r) => delete r.requestParameters],
  ['responseElements {} ', (r) => (r.responseElements = {})],
  ['responseElements ""', (r) => (r.responseElements = '')],
  ['a successful ConsoleLogin-like field', (r) => (r.responseElements = { ConsoleLogin: 'Success' })],
  ['additionalEventData null', (r) => (r.additionalEventData = null)],
  ['additionalEventData an object', (r) => (r.additionalEventData = { x: 1 })],
  ['assumedRoot "false"', (r) => (ui(r).assumedRoot = 'false')],
  ['assumedRoot false', (r) => (ui(r).assumedRoot = false)],
  ['session assumedRoot "false"', (r) => ((ui(r).sessionContext as Obj).assumedRoot = 'false')],
  ['no sessionContext', (r) => delete ui(r).sessionContext],
  ['account from userIdentity.accountId', (r) => delete r.recipientAccountId],
  ['account "" in recipientAccountId, from userIdentity', (r) => (r.recipientAccountId = '')],
  ['no eventTime, region or source address', (r) => (delete r.eventTime, delete r.awsRegion, delete r.sourceIPAddress)],
  ['empty eventTime, region and source address', (r) => ((r.eventTime = ''), (r.awsRegion = ''), (r.sourceIPAddress = ''))],
  ['an AwsServiceEvent', (r) => ((r.eventType = 'AwsServiceEvent'), (r.userIdentity = { type: 'AWSService', invokedBy: 'ec2.amazonaws.com', accountId: ACCT }))],
  ['an IAM user caller', (r) => (r.userIdentity = { type: 'IAMUser', userName: 'alice', arn: `arn:aws:iam::${ACCT}:user/alice`, accountId: ACCT })],
  ['a userAgent and errorMessage as strings', (r) => ((r.userAgent = 'x'), (r.errorMessage = 'fine'))],
  ['an IAM read', (r) => ((r.eventSource = 'iam.amazonaws.com'), (r.eventName = 'GetRole'), (r.requestParameters = { roleName: 'AppServerRole' }))],
  ['an IAM list call', (r) => ((r.eventSource = 'iam.amazonaws.com'), (r.eventName = 'ListUsers'))],
];

const LOUD: [string, (r: Obj) => void][] = [
  ['an EventBridge envelope', (r) => (r.detail = {})],
  ['no eventID', (r) => delete r.eventID],
  ['an empty eventName', (r) => (r.eventName = '')],
  ['a numeric eventSource', (r) => (r.eventSource = 5)],
  ['an IAM call a rule reads', (r) => ((r.eventSource = 'iam.amazonaws.com'), (r.eventName = 'PutRolePolicy'))],
  ['an IAM call with a policy document (CreatePolicyVersion)', (r) => ((r.eventSource = 'iam.amazonaws.com'), (r.eventName = 'CreatePolicyVersion'))],
  ['a routed event name', (r) => (r.eventName = 'StopLogging')],
  ['a routed base name behind a Lambda suffix', (r) => ((r.eventName = 'AddPermission20150331v2'), (r.eventSource = 'lambda.amazonaws.com'))],
  ['an inherited name', (r) => (r.eventName = 'constructor')],
  ['a name with required parameters', (r) => (r.eventName = 'AttachUserPolicy')],
  ['a read problem noted', (r) => (r[READ_PROBLEM_KEY] = 'truncated')],
  ['an errorCode', (r) => (r.errorCode = 'AccessDenied')],
  ['an empty errorCode', (r) => (r.errorCode = '')],
  ['an object eventType', (r) => (r.eventType = {})],
  ['an object eventTime', (r) => (r.eventTime = {})],
  ['a list awsRegion', (r) => (r.awsRegion = [])],
  ['an object sourceIPAddress', (r) => (r.sourceIPAddress = { ip: 1 })],
  ['an object userAgent', (r) => (r.userAgent = {})],
  ['an object errorMessage', (r) => (r.errorMessage = {})],
  ['an object recipientAccountId', (r) => (r.recipientAccountId = {})],
  ['a list requestParameters', (r) => (r.requestParameters = [])],
  ['a string requestParameters', (r) => (r.requestParameters = 'x')],
  ['a numeric responseElements', (r) => (r.responseElements = 3)],
  ['a string additionalEventData', (r) => (r.additionalEventData = 'x')],
  ['a failed ConsoleLogin field', (r) => (r.responseElements = { ConsoleLogin: 'Failure' })],
  ['no userIdentity', (r) => delete r.userIdentity],
  ['a list userIdentity', (r) => (r.userIdentity = [])],
  ['an empty type', (r) => (ui(r).type = '')],
  ['a Root caller', (r) => (ui(r).type = 'Root')],
  ['assumedRoot "TRUE"', (r) => (ui(r).assumedRoot = 'TRUE')],
  ['assumedRoot true', (r) => (ui(r).assumedRoot = true)],
  ['session assumedRoot "true"', (r) => ((ui(r).sessionContext as Obj).assumedRoot = 'true')],
  ['no account anywhere', (r) => (delete r.recipientAccountId, delete ui(r).accountId)],
  ['the account "unknown"', (r) => (r.recipientAccountId = 'unknown')],
];

describe('quiet pre-check, case by case', () => {
  it.each(QUIET)('fast path: %s', (_name, change) => {
    const fast = check(variant(change));
    expect(fast).toBeDefined();
    expect(fast?.severity).toBe('none');
  });

  it.each(LOUD)('full path: %s', (_name, change) => {
    expect(check(variant(change))).toBeUndefined();
  });

  it('not a plain object: undefined', () => {
    for (const v of [null, undefined, 'x', 3, [base()]]) expect(quietScore(v, idx)).toBeUndefined();
  });

  it('only for the real catalogue index', () => {
    expect(quietScore(base(), ruleIndex(DEFAULT_CONFIG, [...EVENT_RULES]))).toBeUndefined();
  });

  it('the result: own fields in order, optional ones only when present, account from recipientAccountId first', () => {
    const r = variant((x) => (ui(x).accountId = '444455556666'));
    const fast = quietScore(r, idx);
    expect(fast && Object.keys(fast)).toEqual(['eventId', 'eventName', 'account', 'severity', 'score', 'alert', 'findings', 'eventTime', 'region', 'sourceIp']);
    expect(fast).toMatchObject({ eventId: 'quiet-1', eventName: 'DescribeInstances', account: ACCT, eventTime: '2026-11-02T09:14:27Z', region: 'eu-west-1', sourceIp: '203.0.113.24', score: 0, alert: false, findings: [] });
    const bare = quietScore(variant((x) => (delete x.eventTime, delete x.awsRegion, delete x.sourceIPAddress)), idx);
    expect(bare && Object.keys(bare)).toEqual(['eventId', 'eventName', 'account', 'severity', 'score', 'alert', 'findings']);
  });

  it('the actor is described on first read; a record whose userIdentity cannot be read again falls back to normalisation', () => {
    const fast = quietScore(base(), idx);
    expect(fast?.actor).toBe(scoreEventFull(base(), { config: DEFAULT_CONFIG, now: NOW }).actor);
    if (fast) fast.actor = 'someone else';
    expect(fast?.actor).toBe('someone else');
    // A getter that works once (the pre-check's read) and throws afterwards: no JSON parser makes it, the actor still comes out.
    let reads = 0;
    const tricky = base();
    const identity = ui(tricky);
    const proxy = new Proxy(identity, {
      get(t, k, rcv) {
        if (k === 'type' && ++reads > 2) throw new Error('gone');
        return Reflect.get(t, k, rcv);
      },
    });
    tricky.userIdentity = proxy;
    const q = quietScore(tricky, idx);
    expect(q).toBeDefined();
    expect(typeof q?.actor).toBe('string');
  });

  it('a record whose fields throw on read goes to the full path', () => {
    const r = base();
    Object.defineProperty(r, 'errorCode', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(quietScore(r, idx)).toBeUndefined();
  });
});
