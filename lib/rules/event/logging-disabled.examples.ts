import type { EventExamples } from '../types';
import { envelope, record, roleIdentity, userIdentity } from '../../../test/support/event-records';

const call = (eventName: string, eventSource: string, requestParameters: unknown, who = roleIdentity('Admin', 'mallory'), extra: Record<string, unknown> = {}) =>
  envelope(record({ eventName, eventSource, userIdentity: who, requestParameters, region: 'eu-west-1', ...extra }));

/** Pass and fail examples of `logging-disabled`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    { name: 'GuardDuty DeleteDetector', expect: { severity: 'medium', resource: 'arn:aws:guardduty:eu-west-1:111122223333:detector/12abc34d567e8fa901bc2d34e56789f0' }, input: call('DeleteDetector', 'guardduty.amazonaws.com', { detectorId: '12abc34d567e8fa901bc2d34e56789f0' }) },
    { name: 'GuardDuty suspended (UpdateDetector enable false)', expect: { severity: 'medium', resource: 'arn:aws:guardduty:eu-west-1:111122223333:detector/12abc34d567e8fa901bc2d34e56789f0' }, input: call('UpdateDetector', 'guardduty.amazonaws.com', { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: false }) },
    { name: 'GuardDuty suspended without a detector id in the record', expect: { severity: 'medium', resource: '111122223333' }, input: call('UpdateDetector', 'guardduty.amazonaws.com', { enable: false }) },
    {
      name: 'GuardDuty member account leaves its administrator account',
      expect: { severity: 'medium', resource: 'arn:aws:guardduty:eu-west-1:111122223333:detector/12abc34d567e8fa901bc2d34e56789f0' },
      input: call('DisassociateFromAdministratorAccount', 'guardduty.amazonaws.com', { detectorId: '12abc34d567e8fa901bc2d34e56789f0' }),
    },
    { name: 'Config recorder deleted', expect: { severity: 'medium', resource: 'arn:aws:config:eu-west-1:111122223333:configuration-recorder/default' }, input: call('DeleteConfigurationRecorder', 'config.amazonaws.com', { configurationRecorderName: 'default' }) },
    { name: 'Config delivery channel deleted', expect: { severity: 'medium', resource: 'arn:aws:config:eu-west-1:111122223333:delivery-channel/default' }, input: call('DeleteDeliveryChannel', 'config.amazonaws.com', { deliveryChannelName: 'default' }) },
    { name: 'Access Analyzer deleted without a name in the record', expect: { severity: 'medium', resource: '111122223333' }, input: call('DeleteAnalyzer', 'access-analyzer.amazonaws.com', {}) },
    { name: 'Config recorder stopped', expect: { severity: 'medium', resource: 'arn:aws:config:eu-west-1:111122223333:configuration-recorder/default' }, input: call('StopConfigurationRecorder', 'config.amazonaws.com', { configurationRecorderName: 'default' }) },
    {
      name: 'VPC flow logs deleted',
      expect: { severity: 'medium', resource: 'arn:aws:ec2:eu-west-1:111122223333:vpc-flow-log/fl-0a1b2c3d4e5f67890' },
      input: call('DeleteFlowLogs', 'ec2.amazonaws.com', { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0a1b2c3d4e5f67890', tag: 1 } } }, userIdentity('mallory'), {
        responseElements: { DeleteFlowLogsResponse: { xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/', requestId: '6b1d1c5e-2d4a-4f4e-9d7b-1c2b3a4d5e6f', unsuccessful: '' } },
      }),
    },
    { name: 'Security Hub disabled', expect: { severity: 'medium', resource: 'arn:aws:securityhub:eu-west-1:111122223333:hub/default' }, input: call('DisableSecurityHub', 'securityhub.amazonaws.com', null) },
    { name: 'Access Analyzer deleted', expect: { severity: 'medium', resource: 'arn:aws:access-analyzer:eu-west-1:111122223333:analyzer/ConsoleAnalyzer-0a1b2c3d' }, input: call('DeleteAnalyzer', 'access-analyzer.amazonaws.com', { analyzerName: 'ConsoleAnalyzer-0a1b2c3d' }) },
  ],
  pass: [
    { name: 'GuardDuty UpdateDetector changing the publishing frequency', input: call('UpdateDetector', 'guardduty.amazonaws.com', { detectorId: '12abc34d567e8fa901bc2d34e56789f0', findingPublishingFrequency: 'FIFTEEN_MINUTES' }, userIdentity('alice')) },
    { name: 'GuardDuty UpdateDetector re-enabling the detector', input: call('UpdateDetector', 'guardduty.amazonaws.com', { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: true }, userIdentity('alice')) },
    { name: 'Config recorder started', input: call('StartConfigurationRecorder', 'config.amazonaws.com', { configurationRecorderName: 'default' }, userIdentity('alice')) },
    {
      name: 'denied DeleteDetector (denied-sensitive-call judges refused calls)',
      input: call('DeleteDetector', 'guardduty.amazonaws.com', { detectorId: '12abc34d567e8fa901bc2d34e56789f0' }, userIdentity('mallory'), {
        errorCode: 'AccessDeniedException',
        errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: guardduty:DeleteDetector',
      }),
    },
  ],
};
