/**
 * CloudTrail Event history (LookupEvents) pages as CloudTrail input (pure). Each `Events[].CloudTrailEvent` is the
 * record as a JSON string. A page is handed to the scorer as the document `aws cloudtrail lookup-events` prints
 * (`{"Events":[…]}`), which lib/cloudtrail/input.ts reads like any other input: one implementation of the record
 * extraction, so a CloudTrailEvent that is not a JSON object becomes an `unparseable-event` naming the event.
 */

/** The fields of a LookupEvents `Event` this module reads (structurally compatible with the SDK's type). */
export interface LookupEvent {
  EventId?: string;
  EventName?: string;
  EventSource?: string;
  Username?: string;
  EventTime?: Date | string;
  CloudTrailEvent?: string;
}

/** Time of an Event in ms (NaN when unreadable). */
export function lookupEventTimeMs(e: LookupEvent): number {
  if (e?.EventTime instanceof Date) return e.EventTime.getTime();
  if (typeof e?.EventTime === 'string') return Date.parse(e.EventTime);
  return NaN;
}

/** The page as `aws cloudtrail lookup-events` output (EventTime as ISO text; the SDK gives a Date). */
export function lookupEventsDocument(events: readonly LookupEvent[]): { Events: Record<string, unknown>[] } {
  return {
    Events: events.map((e) => {
      const ms = lookupEventTimeMs(e);
      return { ...e, EventTime: Number.isNaN(ms) ? undefined : new Date(ms).toISOString() };
    }),
  };
}
