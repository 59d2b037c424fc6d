/** CloudTrail / monitor tampering, password policy, MFA removal, login profiles, boundaries. */
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import type { JsonObject } from '../../lib/cloudtrail/types';
import { EVENT_RULES } from '../../lib/rules/event';
import type { RuleHit } from '../../lib/rules/types';
import { selectorProblem } from '../../lib/rules/event/cloudtrail-tampered';
import { envelope, iamCall, record, roleIdentity, userIdentity } from '../support/event-records';

function hits(id: string, input: unknown, config: Config = DEFAULT_CONFIG): RuleHit[] {
  const r = EVENT_RULES.find((x) => x.id === id);
  if (!r) throw new Error(id);
  return r.evaluate(normalizeEvent(input), { config, enrichment: emptyEnrichment() });
}
const ct = (eventName: string, requestParameters: unknown, responseElements?: unknown) =>
  envelope(record({ eventName, eventSource: 'cloudtrail.amazonaws.com', userIdentity: userIdentity('mallory'), requestParameters, responseElements }));

describe('cloudtrail-tampered', () => {
  it('StopLogging / DeleteTrail are critical and name the trail ARN', () => {
    const h = hits('cloudtrail-tampered', ct('StopLogging', { name: 'management-events' }));
    expect(h[0].severity).toBe('critical');
    expect(h[0].resource).toBe('arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events');
    expect(h[0].fix?.cli).toBe('aws cloudtrail start-logging --name management-events --region us-east-1');
    expect(hits('cloudtrail-tampered', ct('DeleteTrail', { name: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/x' }))[0].resource).toBe(
      'arn:aws:cloudtrail:eu-west-1:111122223333:trail/x',
    );
  });

  it('UpdateTrail: single region or no global events → high; other updates → nothing', () => {
    expect(hits('cloudtrail-tampered', ct('UpdateTrail', { name: 't', isMultiRegionTrail: false }))[0].severity).toBe('high');
    expect(hits('cloudtrail-tampered', ct('UpdateTrail', { name: 't', includeGlobalServiceEvents: false }))[0].message).toMatch(/global service events/);
    expect(hits('cloudtrail-tampered', ct('UpdateTrail', { name: 't', isMultiRegionTrail: true, s3BucketName: 'logs' }))).toEqual([]);
  });

  it.each([
    ['basic: management off', { eventSelectors: [{ readWriteType: 'All', includeManagementEvents: false }] }, true],
    ['basic: ReadOnly', { eventSelectors: [{ readWriteType: 'ReadOnly', includeManagementEvents: true }] }, true],
    ['basic: WriteOnly keeps writes', { eventSelectors: [{ readWriteType: 'WriteOnly', includeManagementEvents: true }] }, false],
    ['basic: PascalCase API shape', { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false }] }, true],
    ['basic: two selectors, one logs all', { eventSelectors: [{ readWriteType: 'ReadOnly', includeManagementEvents: true }, { readWriteType: 'All', includeManagementEvents: true }] }, false],
    ['advanced: data events only', { advancedEventSelectors: [{ name: 'S3 data', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }] }] }, true],
    ['advanced: management read-only', { advancedEventSelectors: [{ fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, { field: 'readOnly', equals: ['true'] }] }] }, true],
    ['advanced: management all', { advancedEventSelectors: [{ name: 'Mgmt', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] }] }, false],
    ['advanced: IAM excluded', { advancedEventSelectors: [{ fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, { field: 'eventSource', notEquals: ['iam.amazonaws.com'] }] }] }, true],
    ['advanced: KMS excluded only', { advancedEventSelectors: [{ fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, { field: 'eventSource', notEquals: ['kms.amazonaws.com'] }] }] }, false],
  ])('PutEventSelectors %s', (_n, rp, bad) => {
    expect(selectorProblem(rp as JsonObject) !== undefined).toBe(bad);
    expect(hits('cloudtrail-tampered', ct('PutEventSelectors', { trailName: 'management-events', ...rp })).length).toBe(bad ? 1 : 0);
  });

  it('CloudTrail Lake data store deletion', () => {
    const h = hits('cloudtrail-tampered', ct('DeleteEventDataStore', { eventDataStore: 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE' }));
    expect(h[0].severity).toBe('high');
  });

  it('ignores same-named calls of other services', () => {
    expect(hits('cloudtrail-tampered', envelope(record({ eventName: 'StopLogging', eventSource: 'other.amazonaws.com', userIdentity: userIdentity('a'), requestParameters: { name: 'x' } })))).toEqual([]);
  });
});

describe('monitor-tampered', () => {
  const lambda = (eventName: string, rp: unknown, identity = userIdentity('mallory')) => envelope(record({ eventName, eventSource: 'lambda.amazonaws.com', userIdentity: identity, requestParameters: rp }));
  it.each(['DeleteFunction20150331', 'DeleteFunction', 'UpdateFunctionConfiguration20150331v2', 'UpdateFunctionCode20150331v2', 'RemovePermission20150331v2'])(
    'Lambda %s on the monitor (version suffix matched by prefix)',
    (name) => {
      const h = hits('monitor-tampered', lambda(name, { functionName: 'iam-guardian-prod-scorer', statementId: 'x' }));
      expect(h).toHaveLength(1);
      expect(h[0].resource).toBe('arn:aws:lambda:us-east-1:111122223333:function:iam-guardian-prod-scorer');
    },
  );

  it('function ARN with a qualifier', () => {
    const h = hits('monitor-tampered', lambda('DeleteFunction20150331', { functionName: 'arn:aws:lambda:us-east-1:111122223333:function:iam-guardian-prod-scorer:$LATEST' }));
    expect(h[0].resource).toBe('arn:aws:lambda:us-east-1:111122223333:function:iam-guardian-prod-scorer');
  });

  it('PutFunctionConcurrency: only 0 is tampering', () => {
    expect(hits('monitor-tampered', lambda('PutFunctionConcurrency20171031', { functionName: 'iam-guardian-prod-scorer', reservedConcurrentExecutions: 0 }))).toHaveLength(1);
    expect(hits('monitor-tampered', lambda('PutFunctionConcurrency20171031', { functionName: 'iam-guardian-prod-scorer', reservedConcurrentExecutions: 5 }))).toEqual([]);
  });

  it('uses config.monitor.namePrefix', () => {
    const input = envelope(record({ eventName: 'DeleteTopic', eventSource: 'sns.amazonaws.com', userIdentity: userIdentity('mallory'), requestParameters: { topicArn: 'arn:aws:sns:us-east-1:111122223333:secmon-alerts' } }));
    expect(hits('monitor-tampered', input)).toEqual([]);
    const config = { ...DEFAULT_CONFIG, monitor: { namePrefix: 'secmon' } };
    expect(hits('monitor-tampered', input, config)).toHaveLength(1);
  });

  it('EventBridge PutRule DISABLED, RemoveTargets, DynamoDB DeleteTable, alarms', () => {
    const ev = (eventSource: string, eventName: string, rp: unknown) => envelope(record({ eventName, eventSource, userIdentity: userIdentity('mallory'), requestParameters: rp }));
    expect(hits('monitor-tampered', ev('events.amazonaws.com', 'PutRule', { name: 'iam-guardian-prod-root', state: 'DISABLED' }))).toHaveLength(1);
    expect(hits('monitor-tampered', ev('events.amazonaws.com', 'RemoveTargets', { rule: 'iam-guardian-prod-root', ids: ['scorer'] }))).toHaveLength(1);
    expect(hits('monitor-tampered', ev('dynamodb.amazonaws.com', 'DeleteTable', { tableName: 'iam-guardian-prod-state' }))).toHaveLength(1);
    expect(hits('monitor-tampered', ev('monitoring.amazonaws.com', 'DeleteAlarms', { alarmNames: ['other', 'iam-guardian-prod-dlq-depth'] }))[0].message).toMatch(/iam-guardian-prod-dlq-depth/);
    expect(hits('monitor-tampered', ev('sns.amazonaws.com', 'SetTopicAttributes', { topicArn: 'arn:aws:sns:us-east-1:111122223333:iam-guardian-prod-alerts', attributeName: 'Policy', attributeValue: '{}' }))).toHaveLength(1);
  });

  it('a CloudFormation deployment lowers the severity but still reports', () => {
    const viaCfn = roleIdentity('cfn-deployer', 'AWSCloudFormation', { invokedBy: 'cloudformation.amazonaws.com' });
    expect(hits('monitor-tampered', lambda('UpdateFunctionCode20150331v2', { functionName: 'iam-guardian-prod-scorer' }, viaCfn))[0].severity).toBe('low');
    expect(hits('monitor-tampered', lambda('DeleteFunction20150331', { functionName: 'iam-guardian-prod-scorer' }, viaCfn))[0].severity).toBe('medium');
  });
});

describe('password-policy-weakened', () => {
  it('omitted parameters take AWS defaults (UpdateAccountPasswordPolicy replaces the policy)', () => {
    const h = hits('password-policy-weakened', iamCall('UpdateAccountPasswordPolicy', userIdentity('alice'), { allowUsersToChangePassword: true }));
    expect(h[0].message).toMatch(/minimum length 6/);
    expect(h[0].message).toMatch(/no password reuse prevention/);
    expect(h[0].resource).toBe('111122223333');
  });
  it('follows the configured thresholds', () => {
    const rp = { minimumPasswordLength: 12, passwordReusePrevention: 5, requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true };
    expect(hits('password-policy-weakened', iamCall('UpdateAccountPasswordPolicy', userIdentity('alice'), rp))).toHaveLength(1);
    const lenient = { ...DEFAULT_CONFIG, thresholds: { ...DEFAULT_CONFIG.thresholds, passwordMinLength: 12, passwordReusePrevention: 5 } };
    expect(hits('password-policy-weakened', iamCall('UpdateAccountPasswordPolicy', userIdentity('alice'), rp), lenient)).toEqual([]);
  });
});

describe('mfa-removed, login profiles, boundaries', () => {
  it('MFA deactivated for a user: high, names the user', () => {
    const h = hits('mfa-removed', iamCall('DeactivateMFADevice', roleIdentity('Admin', 'mallory'), { userName: 'bob', serialNumber: 'arn:aws:iam::111122223333:mfa/bob' }));
    expect(h[0].resource).toBe('arn:aws:iam::111122223333:user/bob');
    expect(h[0].message).toMatch(/role Admin.*deactivated MFA device bob of IAM user bob/);
  });
  it('login profile: path user updating own profile is fine; another user without reset is not', () => {
    expect(hits('login-profile-for-other-user', iamCall('UpdateLoginProfile', userIdentity('bob', { path: 'a/b/' }), { userName: 'bob' }))).toEqual([]);
    expect(hits('login-profile-for-other-user', iamCall('CreateLoginProfile', userIdentity('alice'), { userName: 'bob', passwordResetRequired: 'false' }))).toHaveLength(1);
    expect(hits('login-profile-for-other-user', iamCall('CreateLoginProfile', userIdentity('alice'), { userName: 'bob', passwordResetRequired: true }))).toEqual([]);
    const h = hits('login-profile-for-other-user', iamCall('UpdateLoginProfile', roleIdentity('Admin', 'x'), { userName: 'bob' }));
    expect(h[0].fix?.cli).toBe('aws iam update-login-profile --user-name bob --password-reset-required');
  });
  it('boundary removed: own boundary is high, another entity medium', () => {
    expect(hits('permissions-boundary-removed', iamCall('DeleteUserPermissionsBoundary', userIdentity('bob'), { userName: 'bob' }))[0].severity).toBe('high');
    const h = hits('permissions-boundary-removed', iamCall('DeleteRolePermissionsBoundary', userIdentity('alice'), { roleName: 'App' }));
    expect(h[0].severity).toBe('medium');
    expect(h[0].fix?.cli).toMatch(/^aws iam put-role-permissions-boundary --role-name App /);
  });
});
