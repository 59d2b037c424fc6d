/**
 * The event rules' shared helpers (lib/rules/event/_util.ts), value by value: the request readers' accepted and
 * refused shapes, the ARNs they build (partition, path, names given as ARNs), the fix filling and the severity steps.
 */
import fc from 'fast-check';
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import {
  baseEvidence,
  boolParam,
  callerUserName,
  DENIED_ERROR_CODES,
  fillFix,
  iamArn,
  isAwsManagedRoleName,
  isDenied,
  lambdaBaseName,
  lastSegment,
  numParam,
  objParam,
  param,
  partition,
  requestEntityArn,
  roleArnOf,
  rootArn,
  severityStep,
  unreadableField,
  UNKNOWN_TARGET,
  when,
} from '../../lib/rules/event/_util';
import type { JsonObject } from '../../lib/cloudtrail/types';

const ACCT = '111122223333';

function ev(over: Record<string, unknown> = {}, ui: Record<string, unknown> = { type: 'IAMUser', userName: 'alice', arn: `arn:aws:iam::${ACCT}:user/alice`, accountId: ACCT }) {
  return normalizeEvent({
    eventVersion: '1.09',
    eventID: 'e-1',
    eventName: 'CreateRole',
    eventSource: 'iam.amazonaws.com',
    eventTime: '2026-11-02T09:14:27Z',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.24',
    recipientAccountId: ACCT,
    userIdentity: ui,
    requestParameters: {},
    responseElements: null,
    ...over,
  });
}

describe('request readers', () => {
  const o: JsonObject = { s: 'x', empty: '', n: 3, ns: ' 42 ', blank: '  ', inf: 'Infinity', nan: Number.NaN, t: 'TRUE', f: 'False', b: false, obj: { a: 1 }, list: [1], nul: null };

  it('param: a non-empty string only', () => {
    expect(param(o, 's')).toBe('x');
    for (const k of ['empty', 'n', 'obj', 'list', 'nul', 'missing']) expect([k, param(o, k)]).toEqual([k, undefined]);
    expect(param(undefined, 's')).toBeUndefined();
  });

  it('objParam: a plain object only', () => {
    expect(objParam(o, 'obj')).toEqual({ a: 1 });
    for (const k of ['list', 'nul', 's', 'missing']) expect([k, objParam(o, k)]).toEqual([k, undefined]);
    expect(objParam(undefined, 'obj')).toBeUndefined();
  });

  it('boolParam: booleans and "true"/"false" in any case', () => {
    expect(boolParam(o, 't')).toBe(true);
    expect(boolParam(o, 'f')).toBe(false);
    expect(boolParam(o, 'b')).toBe(false);
    expect(boolParam({ x: true }, 'x')).toBe(true);
    for (const k of ['s', 'n', 'empty', 'missing']) expect([k, boolParam(o, k)]).toEqual([k, undefined]);
    expect(boolParam(undefined, 'b')).toBeUndefined();
  });

  it('numParam: finite numbers and numeric strings; blanks, NaN and infinities are not numbers', () => {
    expect(numParam(o, 'n')).toBe(3);
    expect(numParam(o, 'ns')).toBe(42);
    expect(numParam({ z: '0' }, 'z')).toBe(0);
    expect(numParam({ z: 0 }, 'z')).toBe(0);
    for (const k of ['blank', 'empty', 'inf', 'nan', 's', 'b', 'missing']) expect([k, numParam(o, k)]).toEqual([k, undefined]);
    expect(numParam({ z: Number.POSITIVE_INFINITY }, 'z')).toBeUndefined();
    expect(numParam(undefined, 'n')).toBeUndefined();
  });

  it('unreadableField names what the field holds', () => {
    const rp: JsonObject = { a: null, b: [1], c: { x: 1 }, d: '', e: 7, f: true };
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => unreadableField(rp, k))).toEqual([
      'requestParameters.a is null',
      'requestParameters.b is a list',
      'requestParameters.c is an object',
      'requestParameters.d is empty',
      'requestParameters.e is a number',
      'requestParameters.f is a boolean',
      'requestParameters.g is missing',
    ]);
    expect(UNKNOWN_TARGET).toBe('(name unreadable)');
  });
});

describe('denied calls', () => {
  it('every AWS spelling of "not allowed" and only those', () => {
    expect([...DENIED_ERROR_CODES].sort()).toEqual(
      ['AccessDenied', 'AccessDeniedException', 'Client.AccessDenied', 'Client.UnauthorizedOperation', 'UnauthorizedAccess', 'UnauthorizedOperation'].sort(),
    );
    expect(isDenied(ev({ errorCode: 'AccessDenied', errorMessage: 'no' }))).toBe(true);
    expect(isDenied(ev({ errorCode: 'Client.UnauthorizedOperation', errorMessage: 'no' }))).toBe(true);
    expect(isDenied(ev({ errorCode: 'NoSuchEntity', errorMessage: 'no' }))).toBe(false);
    expect(isDenied(ev())).toBe(false);
  });
});

describe('names and ARNs', () => {
  const gov = { type: 'IAMUser', userName: 'alice', arn: `arn:aws-us-gov:iam::${ACCT}:user/alice`, accountId: ACCT };

  it('partition from the caller ARN (aws when none or unreadable); root ARN in it', () => {
    expect(partition(ev())).toBe('aws');
    expect(partition(ev({}, gov))).toBe('aws-us-gov');
    expect(partition(ev({}, { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' }))).toBe('aws');
    expect(partition(ev({}, { type: 'IAMUser', userName: 'x', arn: 'not-an-arn', accountId: ACCT }))).toBe('aws');
    expect(rootArn(ev({}, gov))).toBe(`arn:aws-us-gov:iam::${ACCT}:root`);
  });

  it('iamArn builds user/group/role/policy ARNs, keeps a name that is already an ARN', () => {
    const e = ev({}, gov);
    expect(iamArn(e, 'user', 'bob')).toBe(`arn:aws-us-gov:iam::${ACCT}:user/bob`);
    expect(iamArn(e, 'group', 'ops')).toBe(`arn:aws-us-gov:iam::${ACCT}:group/ops`);
    expect(iamArn(e, 'policy', 'arn:aws:iam::aws:policy/AdministratorAccess')).toBe('arn:aws:iam::aws:policy/AdministratorAccess');
  });

  it('requestEntityArn: user, then role, then group, then the policy ARN', () => {
    const at = (rp: Record<string, unknown>) => requestEntityArn(ev({ requestParameters: rp }));
    expect(at({ userName: 'bob', roleName: 'r', groupName: 'g', policyArn: 'arn:p' })).toBe(`arn:aws:iam::${ACCT}:user/bob`);
    expect(at({ roleName: 'r', groupName: 'g', policyArn: 'arn:p' })).toBe(`arn:aws:iam::${ACCT}:role/r`);
    expect(at({ groupName: 'g', policyArn: 'arn:p' })).toBe(`arn:aws:iam::${ACCT}:group/g`);
    expect(at({ policyArn: 'arn:p' })).toBe('arn:p');
    expect(at({ userName: '' })).toBeUndefined();
  });

  it('lastSegment: after the last colon, then the last slash', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom("a", ":", "/", "b") }), (s) => expect(lastSegment(s)).toBe((s.split(":").pop() ?? s).split("/").pop())), { numRuns: 2000 });
    expect(lastSegment(`arn:aws:iam::${ACCT}:user/team/alice`)).toBe('alice');
    expect(lastSegment(`arn:aws:iam::${ACCT}:root`)).toBe('root');
    expect(lastSegment('plain')).toBe('plain');
    expect(lastSegment('a/b')).toBe('b');
  });

  it('callerUserName: IAM users only', () => {
    expect(callerUserName(ev())).toBe('alice');
    expect(callerUserName(ev({}, { type: 'AssumedRole', arn: `arn:aws:sts::${ACCT}:assumed-role/r/s`, accountId: ACCT }))).toBeUndefined();
  });

  it('when: " at <time>" or nothing', () => {
    expect(when(ev())).toBe(' at 2026-11-02T09:14:27Z');
    expect(when(ev({ eventTime: undefined }))).toBe('');
  });

  it('AWS-managed role names: Identity Center and service-linked, by prefix', () => {
    expect(isAwsManagedRoleName('AWSReservedSSO_Admin_0123')).toBe(true);
    expect(isAwsManagedRoleName('AWSServiceRoleForSupport')).toBe(true);
    expect(isAwsManagedRoleName('MyAWSReservedSSO_x')).toBe(false);
    expect(isAwsManagedRoleName('xAWSServiceRoleFor')).toBe(false);
    expect(isAwsManagedRoleName('')).toBe(false);
    expect(isAwsManagedRoleName(undefined)).toBe(false);
  });

  it('roleArnOf: the response ARN, else path + name (path normalised to /a/b/)', () => {
    expect(roleArnOf(ev({ responseElements: { role: { arn: `arn:aws:iam::${ACCT}:role/svc/r` } } }), 'r')).toBe(`arn:aws:iam::${ACCT}:role/svc/r`);
    expect(roleArnOf(ev({ requestParameters: { path: 'a/b' } }), 'r')).toBe(`arn:aws:iam::${ACCT}:role/a/b/r`);
    expect(roleArnOf(ev({ requestParameters: { path: '/a/' } }), 'r')).toBe(`arn:aws:iam::${ACCT}:role/a/r`);
    expect(roleArnOf(ev({ requestParameters: { path: '/' } }), 'r')).toBe(`arn:aws:iam::${ACCT}:role/r`);
    expect(roleArnOf(ev({ responseElements: { role: { arn: '' } } }, gov), 'r')).toBe(`arn:aws-us-gov:iam::${ACCT}:role/r`);
  });

  it('lambdaBaseName strips an 8-digit API version and an optional v<n>', () => {
    expect(lambdaBaseName('UpdateFunctionCode20150331v2')).toBe('UpdateFunctionCode');
    expect(lambdaBaseName('DeleteFunction20150331')).toBe('DeleteFunction');
    expect(lambdaBaseName('Function2015033')).toBe('Function2015033');
    expect(lambdaBaseName('X20150331v2Y')).toBe('X20150331v2Y');
  });
});

describe('fix filling and severities', () => {
  it('placeholders filled: shell-quoted in the command, plain in the steps; unknown, empty or inherited keys stay', () => {
    const fix = { console: ['Open <user> then <other>', 'Also <empty> and <constructor>'], cli: 'aws iam delete-user --user-name <user> --x <empty>' };
    expect(fillFix(fix, { user: "o'brien", empty: '' })).toEqual({
      console: ["Open o'brien then <other>", 'Also <empty> and <constructor>'],
      cli: "aws iam delete-user --user-name 'o'\\''brien' --x <empty>",
    });
  });

  it('severityStep moves within info..critical', () => {
    expect(severityStep('medium', 1)).toBe('high');
    expect(severityStep('medium', -1)).toBe('low');
    expect(severityStep('critical', 1)).toBe('critical');
    expect(severityStep('info', -1)).toBe('info');
    expect(severityStep('low', 3)).toBe('critical');
    expect(severityStep('high', 0)).toBe('high');
  });

  it('baseEvidence: ids, source, actor ARN (else its description), and the optional fields when present', () => {
    expect(baseEvidence(ev({ errorCode: 'AccessDenied', errorMessage: 'no' }))).toEqual({
      eventId: 'e-1',
      eventName: 'CreateRole',
      eventSource: 'iam.amazonaws.com',
      actor: `arn:aws:iam::${ACCT}:user/alice`,
      eventTime: '2026-11-02T09:14:27Z',
      sourceIp: '203.0.113.24',
      region: 'us-east-1',
      errorCode: 'AccessDenied',
    });
    const bare = ev({ eventTime: undefined, sourceIPAddress: undefined, awsRegion: undefined }, { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com', accountId: ACCT });
    const got = baseEvidence(bare);
    expect(Object.keys(got)).toEqual(['eventId', 'eventName', 'eventSource', 'actor']);
    expect(got.actor).toBe(bare.actor.display);
  });
});
