/**
 * Hostile or malformed values that the rules still report, but that are not rule examples: the rule examples are held
 * to "every finding is delivered" by the monitor-tamper and defence-evasion patterns as they stood, and these values
 * (alarm names that are not all strings, an `enable` that is not a boolean) are delivered only because
 * lib/eventbridge/patterns.yml routes DeleteAlarms, DisableAlarmActions and UpdateDetector to the scorer whatever
 * their parameters (test/deploy/routing.test.ts checks the same cases are delivered). `iam-guardian replay` and
 * `score` read every record.
 */
import { monitorTampered } from '../../lib/rules/event/monitor-tampered';
import { loggingDisabled } from '../../lib/rules/event/logging-disabled';
import type { EventRule } from '../../lib/rules/types';
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { envelope, record, roleIdentity, userIdentity } from '../support/event-records';

const run = (rule: EventRule, input: unknown) => rule.evaluate(normalizeEvent(input), { config: DEFAULT_CONFIG, enrichment: emptyEnrichment() });
const alarms = (eventName: string, alarmNames: unknown) =>
  envelope(record({ eventName, eventSource: 'monitoring.amazonaws.com', userIdentity: userIdentity('mallory'), requestParameters: { alarmNames } }));

describe('monitor-tampered: alarm names that cannot all be read', () => {
  it('an entry that is not a string: the readable names plus "(name unreadable)", high, saying why', () => {
    const [h, ...rest] = run(monitorTampered, alarms('DisableAlarmActions', ['billing-high', 42]));
    expect(rest).toEqual([]);
    expect(h.severity).toBe('high');
    expect(h.resource).toBe('arn:aws:cloudwatch:us-east-1:111122223333:alarm:billing-high');
    expect(h.message).toContain('disabled the actions of the monitor\'s CloudWatch alarm (name unreadable)');
    expect(h.message).toContain('requestParameters.alarmNames has entries that are not strings');
    expect(h.evidence).toMatchObject({ monitorResources: ['(name unreadable)'], unreadableTarget: 'requestParameters.alarmNames has entries that are not strings' });
  });

  it('an empty list, or no list at all: the target is unknown and reported', () => {
    const empty = run(monitorTampered, alarms('DeleteAlarms', []));
    expect(empty.map((h) => [h.severity, h.resource])).toEqual([['high', 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:(name unreadable)']]);
    expect(empty[0].message).toContain('requestParameters.alarmNames is an empty list');
    const missing = run(monitorTampered, alarms('DeleteAlarms', null));
    expect(missing.map((h) => h.severity)).toEqual(['high']);
    expect(String(missing[0].evidence?.unreadableTarget)).toMatch(/alarmNames/);
  });

  it('only strings, none of them the monitor\'s: quiet', () => {
    expect(run(monitorTampered, alarms('DeleteAlarms', ['billing-high', 'orders-latency']))).toEqual([]);
  });
});

describe('logging-disabled: an UpdateDetector enable flag that is not true or false', () => {
  const update = (requestParameters: Record<string, unknown>) =>
    envelope(record({ eventName: 'UpdateDetector', eventSource: 'guardduty.amazonaws.com', region: 'eu-west-1', userIdentity: roleIdentity('Admin', 'mallory'), requestParameters }));

  it.each([['a string', 'no'], ['a number', 0], ['null', null], ['a list', [false]], ['an object', { value: false }]])('%s: reported as possibly suspended', (_k, enable) => {
    const hits = run(loggingDisabled, update({ detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable }));
    expect(hits.map((h) => [h.resource, h.severity ?? loggingDisabled.severity])).toEqual([['arn:aws:guardduty:eu-west-1:111122223333:detector/12abc34d567e8fa901bc2d34e56789f0', 'medium']]);
    expect(hits[0].message).toMatch(/possibly suspended: requestParameters\.enable is .*, not true or false/);
  });

  it('absent (the state is unchanged) or true: quiet', () => {
    expect(run(loggingDisabled, update({ detectorId: 'd', findingPublishingFrequency: 'SIX_HOURS' }))).toEqual([]);
    expect(run(loggingDisabled, update({ detectorId: 'd', enable: true }))).toEqual([]);
  });
});
