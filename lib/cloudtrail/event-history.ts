/**
 * CloudTrail Event history (LookupEvents) as a source of records (pure). Each `Events[].CloudTrailEvent` is the
 * CloudTrail record as a JSON string; the other fields of an Event (EventName, Username, Resources…) are a summary
 * of it and are not used. A string that does not parse as a JSON object is kept as it is, so the scorer reports it as
 * `unparseable-event` instead of dropping it; an Event without the string is reported the same way.
 */

/** The fields of a LookupEvents `Event` this module reads (structurally compatible with the SDK's type). */
export interface LookupEvent {
  EventId?: string;
  EventName?: string;
  EventTime?: Date | string;
  CloudTrailEvent?: string;
}

/** Largest CloudTrailEvent string parsed (a record is at most a few hundred KiB; bounded so one value cannot stall). */
export const MAX_RECORD_CHARS = 1024 * 1024;

/** The record an Event carries: the parsed object, or the unreadable value itself (scored as unparseable-event). */
export function recordOfLookupEvent(e: LookupEvent): unknown {
  const raw = e?.CloudTrailEvent;
  if (typeof raw !== 'string') {
    return `LookupEvents Event ${String(e?.EventId ?? '(no EventId)').slice(0, 100)} has no CloudTrailEvent string`;
  }
  if (raw.length > MAX_RECORD_CHARS) return raw.slice(0, 4096);
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : raw;
  } catch {
    return raw;
  }
}

export function recordsOfLookupEvents(events: readonly LookupEvent[] | undefined): unknown[] {
  return (events ?? []).map(recordOfLookupEvent);
}

/** Time of an Event (its EventTime, else the record's eventTime), in ms; NaN when neither is readable. */
export function lookupEventTimeMs(e: LookupEvent): number {
  if (e?.EventTime instanceof Date) return e.EventTime.getTime();
  if (typeof e?.EventTime === 'string') return Date.parse(e.EventTime);
  return NaN;
}
