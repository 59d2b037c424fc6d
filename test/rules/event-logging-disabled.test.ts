/**
 * logging-disabled, call by call: every disabling call with and without its id in the record (resource, sentence and
 * fix), flow log ids as EC2 records them (nested, listed, bounded), GuardDuty's optional `enable` (issue 21: the
 * surviving mutants of this rule were branches no example separated).
 */
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { loggingDisabled, LOGGING_DISABLED_EVENTS } from '../../lib/rules/event/logging-disabled';
import { envelope, record, userIdentity } from '../support/event-records';

const A = '111122223333';
const call = (eventName: string, eventSource: string, requestParameters: unknown) =>
  envelope(record({ eventName, eventSource, region: 'eu-west-1', userIdentity: userIdentity('mallory'), requestParameters }));
const run = (input: unknown) => loggingDisabled.evaluate(normalizeEvent(input), { config: DEFAULT_CONFIG, enrichment: emptyEnrichment() });
const AT = ' in eu-west-1 at 2026-11-02T09:14:27Z.';

describe('logging-disabled: each call, with and without its id', () => {
  it.each([
    ['DeleteResolverQueryLogConfig', 'route53resolver.amazonaws.com', { resolverQueryLogConfigId: 'rqlc-1a2b3c4d5e6f7a8b' }, `arn:aws:route53resolver:eu-west-1:${A}:resolver-query-log-config/rqlc-1a2b3c4d5e6f7a8b`, 'Route 53 Resolver query logging configuration rqlc-1a2b3c4d5e6f7a8b', '--destination-arn <log-destination-arn> --region eu-west-1'],
    ['DeleteResolverQueryLogConfig', 'route53resolver.amazonaws.com', {}, A, 'Route 53 Resolver query logging configuration (unnamed)', '--region eu-west-1'],
    ['DisassociateResolverQueryLogConfig', 'route53resolver.amazonaws.com', { resolverQueryLogConfigId: 'rqlc-1a2b3c4d5e6f7a8b', resourceId: 'vpc-0a1b2c3d' }, `arn:aws:route53resolver:eu-west-1:${A}:resolver-query-log-config/rqlc-1a2b3c4d5e6f7a8b`, 'Route 53 Resolver query logging rqlc-1a2b3c4d5e6f7a8b for vpc-0a1b2c3d', '--resolver-query-log-config-id rqlc-1a2b3c4d5e6f7a8b --resource-id <vpc-id>'],
    ['DisassociateResolverQueryLogConfig', 'route53resolver.amazonaws.com', {}, A, 'Route 53 Resolver query logging (unnamed) for a VPC', '--resolver-query-log-config-id <config-id>'],
    ['DeleteDetector', 'guardduty.amazonaws.com', {}, A, 'GuardDuty detector (unnamed) (all GuardDuty findings of the region)', 'create-detector --enable --region eu-west-1'],
    ['UpdateDetector', 'guardduty.amazonaws.com', { detectorId: 'd1', enable: 'false' }, `arn:aws:guardduty:eu-west-1:${A}:detector/d1`, 'GuardDuty detector d1 (suspended)', '--detector-id d1 --enable'],
    ['UpdateDetector', 'guardduty.amazonaws.com', { detectorId: 'd1', enable: null }, `arn:aws:guardduty:eu-west-1:${A}:detector/d1`, 'GuardDuty detector d1 (possibly suspended: requestParameters.enable is null, not true or false)', '--detector-id d1 --enable'],
    ['UpdateDetector', 'guardduty.amazonaws.com', { enable: 0 }, A, 'GuardDuty detector (unnamed) (possibly suspended: requestParameters.enable is a number, not true or false)', '--detector-id <detector-id> --enable'],
    ['DisassociateFromAdministratorAccount', 'guardduty.amazonaws.com', { detectorId: 'd1' }, `arn:aws:guardduty:eu-west-1:${A}:detector/d1`, "the GuardDuty link to the administrator account (detector d1: the security team no longer sees this account's findings)", '--detector-id d1 --administrator-id'],
    ['DisassociateFromMasterAccount', 'guardduty.amazonaws.com', {}, A, "the GuardDuty link to the administrator account (detector unnamed: the security team no longer sees this account's findings)", '--detector-id <detector-id>'],
    ['DeleteAnalyzer', 'access-analyzer.amazonaws.com', {}, A, 'IAM Access Analyzer analyzer (unnamed)', '--analyzer-name <analyzer-name>'],
    ['StopConfigurationRecorder', 'config.amazonaws.com', {}, A, 'AWS Config recording (recorder (unnamed) stopped)', '--configuration-recorder-name <recorder-name>'],
    ['DeleteConfigurationRecorder', 'config.amazonaws.com', {}, A, 'AWS Config recorder (unnamed) (deleted)', 'name=<recorder-name>'],
    ['DeleteDeliveryChannel', 'config.amazonaws.com', {}, A, 'AWS Config delivery channel (unnamed) (configuration history is no longer delivered)', 'name=<channel-name>'],
    ['DisableSecurityHub', 'securityhub.amazonaws.com', {}, `arn:aws:securityhub:eu-west-1:${A}:hub/default`, 'AWS Security Hub (its findings and standards checks in this region)', 'enable-security-hub --enable-default-standards --region eu-west-1'],
  ])('%s %j', (eventName, source, rp, resource, what, cli) => {
    expect(LOGGING_DISABLED_EVENTS).toContain(eventName);
    const hits = run(call(eventName, source, rp));
    expect(hits.map((h) => [h.resource, h.message])).toEqual([[resource, `IAM user mallory switched off ${what}${AT}`]]);
    expect(hits[0].evidence).toMatchObject({ disabled: what });
    expect(hits[0].fix?.cli).toContain(cli);
  });

  it('a call of the same name from another service, or GuardDuty left enabled, is not a disabling', () => {
    expect(run(call('DeleteDetector', 'macie2.amazonaws.com', { detectorId: 'd1' }))).toEqual([]);
    expect(run(call('UpdateDetector', 'guardduty.amazonaws.com', { detectorId: 'd1' }))).toEqual([]);
    expect(run(call('UpdateDetector', 'guardduty.amazonaws.com', { detectorId: 'd1', enable: 'true' }))).toEqual([]);
  });
});

describe('logging-disabled: flow log ids in the EC2 request', () => {
  const del = (rp: unknown) => run(call('DeleteFlowLogs', 'ec2.amazonaws.com', rp))[0];

  it('one id, several ids, none', () => {
    const one = del({ DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0123456789abcdef0', tag: 1 } } });
    expect([one.resource, one.message]).toEqual([`arn:aws:ec2:eu-west-1:${A}:vpc-flow-log/fl-0123456789abcdef0`, `IAM user mallory switched off VPC flow log fl-0123456789abcdef0${AT}`]);
    const two = del({ DeleteFlowLogsRequest: { FlowLogId: [{ content: 'fl-1234abcd', tag: 1 }, { content: 'fl-5678ef01', tag: 2 }, { content: 'fl-1234abcd', tag: 3 }] } });
    expect([two.resource, two.message]).toEqual([`arn:aws:ec2:eu-west-1:${A}:vpc-flow-log/fl-1234abcd`, `IAM user mallory switched off VPC flow logs fl-1234abcd, fl-5678ef01${AT}`]);
    const none = del({ DeleteFlowLogsRequest: {} });
    expect([none.resource, none.message]).toEqual([A, `IAM user mallory switched off VPC flow logs (ids not recorded)${AT}`]);
  });

  it('only whole flow log ids count', () => {
    for (const v of ['fl-1234abc', 'fl-0123456789abcdef01', 'fl-1234abcdzz', 'xfl-1234abcd', 'fl-1234ABCD']) {
      expect([v, del({ DeleteFlowLogsRequest: { FlowLogId: { content: v, tag: 1 } } }).message]).toEqual([v, `IAM user mallory switched off VPC flow logs (ids not recorded)${AT}`]);
    }
  });

  it('the walk is bounded: ids 8 levels deep are read, 9 levels deep are not; at most 50 ids', () => {
    const nest = (levels: number): unknown => (levels === 0 ? 'fl-1234abcd' : { x: nest(levels - 1) });
    expect(del(nest(8)).message).toContain('VPC flow log fl-1234abcd in');
    expect(del(nest(9)).message).toContain('VPC flow logs (ids not recorded) in');
    const ids = Array.from({ length: 60 }, (_, i) => `fl-${(0x10000000 + i).toString(16)}`);
    const many = del({ DeleteFlowLogsRequest: { FlowLogId: ids.map((content, tag) => ({ content, tag })) } });
    expect(many.message).toBe(`IAM user mallory switched off VPC flow logs ${ids.slice(0, 50).join(', ')}${AT}`);
  });
});
