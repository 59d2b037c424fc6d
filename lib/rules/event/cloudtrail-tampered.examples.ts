import type { EventExamples } from '../types';
import { envelope, record, roleIdentity, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `cloudtrail-tampered`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'StopLogging on the account trail',
      expect: { severity: 'critical', resource: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events' },
      input: envelope(
        record({
          eventName: 'StopLogging',
          eventSource: 'cloudtrail.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events' },
        }),
      ),
    },
    {
      name: 'CloudTrail Lake ingestion stopped (event data store by ARN)',
      expect: { severity: 'high', resource: 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE' },
      input: envelope(
        record({
          eventName: 'StopEventDataStoreIngestion',
          eventSource: 'cloudtrail.amazonaws.com',
          userIdentity: roleIdentity('Admin', 'mallory'),
          requestParameters: { eventDataStore: 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE' },
        }),
      ),
    },
    {
      name: 'CloudTrail Lake event data store deleted (its ARN from the response)',
      expect: { severity: 'high', resource: 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-0b1c-4e8f-8bd1-bcf6cEXAMPLE' },
      input: envelope(
        record({
          eventName: 'DeleteEventDataStore',
          eventSource: 'cloudtrail.amazonaws.com',
          userIdentity: roleIdentity('Admin', 'mallory'),
          requestParameters: { eventDataStore: 'EXAMPLE-0b1c-4e8f-8bd1-bcf6cEXAMPLE' },
          responseElements: { eventDataStoreArn: 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-0b1c-4e8f-8bd1-bcf6cEXAMPLE' },
        }),
      ),
    },
    {
      name: 'CloudTrail Lake event data store deleted, its name missing from the record',
      expect: { severity: 'high', resource: 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/unknown' },
      input: envelope(record({ eventName: 'DeleteEventDataStore', eventSource: 'cloudtrail.amazonaws.com', userIdentity: roleIdentity('Admin', 'mallory'), requestParameters: {} })),
    },
    {
      name: 'DeleteTrail',
      expect: { severity: 'critical', resource: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events' },
      input: envelope(record({ eventName: 'DeleteTrail', eventSource: 'cloudtrail.amazonaws.com', userIdentity: roleIdentity('Admin', 'mallory'), requestParameters: { name: 'management-events' } })),
    },
    {
      name: 'UpdateTrail to single region',
      expect: { severity: 'high', resource: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events' },
      input: envelope(
        record({
          eventName: 'UpdateTrail',
          eventSource: 'cloudtrail.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: { name: 'management-events', isMultiRegionTrail: false },
          responseElements: {
            name: 'management-events',
            s3BucketName: 'aws-cloudtrail-logs-111122223333-5f1c1a2b',
            includeGlobalServiceEvents: true,
            isMultiRegionTrail: false,
            trailARN: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events',
            logFileValidationEnabled: true,
            isOrganizationTrail: false,
          },
        }),
      ),
    },
    {
      name: 'PutEventSelectors without management events',
      expect: { severity: 'high', resource: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events' },
      input: envelope(
        record({
          eventName: 'PutEventSelectors',
          eventSource: 'cloudtrail.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: {
            trailName: 'management-events',
            eventSelectors: [{ readWriteType: 'All', includeManagementEvents: false, dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::'] }], excludeManagementEventSources: [] }],
          },
        }),
      ),
    },
    {
      name: 'PutEventSelectors ReadOnly management events',
      expect: { severity: 'high', resource: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events' },
      input: envelope(
        record({
          eventName: 'PutEventSelectors',
          eventSource: 'cloudtrail.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: { trailName: 'management-events', eventSelectors: [{ readWriteType: 'ReadOnly', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }] },
        }),
      ),
    },
  ],
  pass: [
    {
      name: 'StartLogging',
      input: envelope(record({ eventName: 'StartLogging', eventSource: 'cloudtrail.amazonaws.com', userIdentity: userIdentity('alice'), requestParameters: { name: 'management-events' } })),
    },
    {
      name: 'PutEventSelectors keeping all management events and adding S3 data events',
      input: envelope(
        record({
          eventName: 'PutEventSelectors',
          eventSource: 'cloudtrail.amazonaws.com',
          userIdentity: userIdentity('alice'),
          requestParameters: {
            trailName: 'management-events',
            eventSelectors: [{ readWriteType: 'All', includeManagementEvents: true, dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::team-data/'] }], excludeManagementEventSources: ['kms.amazonaws.com'] }],
          },
        }),
      ),
    },
    {
      name: 'UpdateTrail enabling log file validation',
      input: envelope(
        record({ eventName: 'UpdateTrail', eventSource: 'cloudtrail.amazonaws.com', userIdentity: userIdentity('alice'), requestParameters: { name: 'management-events', enableLogFileValidation: true } }),
      ),
    },
    {
      name: 'denied StopLogging (denied-sensitive-call)',
      input: envelope(
        record({
          eventName: 'StopLogging',
          eventSource: 'cloudtrail.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: { name: 'management-events' },
          errorCode: 'AccessDenied',
          errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events',
        }),
      ),
    },
  ],
};
