/**
 * Builders shared by the scoring-engine suites (test/engine/score-event*.test.ts): a minimal CloudTrail record of an
 * IAM call by the IAM user alice on the user bob, and a synthetic event rule whose evaluate the test supplies.
 */
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import type { EventRule } from '../../lib/rules/types';

export const ENGINE_ACCOUNT = '111122223333';
export const ENGINE_NOW = '2026-11-02T10:00:00Z';

export const engineConfig = (over: Partial<Config> = {}): Config => ({ ...DEFAULT_CONFIG, ...over });

/** A CloudTrail record of `eventName` (iam.amazonaws.com, alice acting on bob); `over` replaces top-level fields. */
export function engineRecord(eventName: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventID: `id-${eventName}`,
    eventName,
    eventSource: 'iam.amazonaws.com',
    eventTime: '2026-11-02T09:14:27Z',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.24',
    recipientAccountId: ENGINE_ACCOUNT,
    userIdentity: {
      type: 'IAMUser',
      userName: 'alice',
      arn: `arn:aws:iam::${ENGINE_ACCOUNT}:user/alice`,
      accountId: ENGINE_ACCOUNT,
    },
    requestParameters: { userName: 'bob' },
    responseElements: null,
    ...over,
  };
}

/** An event rule named `id` on `eventNames` with the given evaluate; `consoleSteps` are its fix's console steps. */
export function engineRule(
  id: string,
  eventNames: string[],
  evaluate: EventRule['evaluate'],
  severity: EventRule['severity'] = 'high',
  consoleSteps: string[] = ['step'],
): EventRule {
  return {
    id,
    kind: 'event',
    title: `title of ${id}`,
    severity,
    guide: 'guide',
    why: 'why',
    fix: { console: consoleSteps, cli: 'aws iam something' },
    controls: ['IAM.1'],
    eventNames,
    evaluate,
  };
}
