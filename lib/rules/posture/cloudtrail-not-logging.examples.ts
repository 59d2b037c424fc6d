import type { PostureExamples } from '../types';
import { accountFixture, goodTrail } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `cloudtrail-not-logging`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'the only trail is stopped', expect: { severity: 'critical', resource: '111122223333' }, account: accountFixture({ trails: [goodTrail({ status: { IsLogging: false } })] }) },
    { name: 'no trail at all', expect: { severity: 'critical', resource: '111122223333' }, account: accountFixture({ trails: [] }) },
    {
      name: 'single-region trail, and a multi-region trail with data events only',
      expect: { severity: 'critical', resource: '111122223333' },
      account: accountFixture({
        trails: [
          goodTrail({ Name: 'local', IsMultiRegionTrail: false }),
          goodTrail({ Name: 's3-data', eventSelectors: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false }] } }),
        ],
      }),
    },
    {
      name: 'advanced selectors with read-only management events',
      expect: { severity: 'critical', resource: '111122223333' },
      account: accountFixture({
        trails: [
          goodTrail({
            eventSelectors: {
              AdvancedEventSelectors: [{ Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] }],
            },
          }),
        ],
      }),
    },
    {
      name: 'basic selectors recording read-only management events, and a single-region trail without selectors',
      expect: { severity: 'critical', resource: '111122223333' },
      account: accountFixture({
        trails: [
          goodTrail({ Name: 'reads-only', TrailARN: undefined, eventSelectors: { EventSelectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }] } }),
          goodTrail({ Name: 'no-selectors', IsMultiRegionTrail: false, HomeRegion: 'eu-west-1', eventSelectors: { EventSelectors: [] } }),
        ],
      }),
    },
  ],
  pass: [
    { name: 'logging multi-region trail with all management events', account: accountFixture() },
    {
      name: 'advanced selectors recording management events',
      account: accountFixture({
        trails: [goodTrail({ eventSelectors: { AdvancedEventSelectors: [{ Name: 'Management events selector', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] } })],
      }),
    },
    {
      name: 'write-only management events next to a stopped trail',
      account: accountFixture({
        trails: [goodTrail({ Name: 'old', status: { IsLogging: false } }), goodTrail({ eventSelectors: { EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] } })],
      }),
    },
  ],
};
