import type { PostureRule } from '../types';
import type { TrailInfo } from '../../account/model';
import { fillCli, missingSource, notEvaluated } from '../../posture/common';

const CREATE_CLI =
  'aws cloudtrail create-trail --name management-events --s3-bucket-name <bucket> --is-multi-region-trail --enable-log-file-validation && aws cloudtrail start-logging --name management-events';

type Verdict = { ok: true } | { ok: false; problems: string[] } | { ok: 'unknown'; reason: string };

/** Does the trail's selector configuration record write management events, IAM included? */
function managementEvents(t: TrailInfo): Verdict {
  const sel = t.eventSelectors;
  if (!sel) return { ok: 'unknown', reason: `the event selectors of trail ${t.Name} were not collected` };
  if (sel.AdvancedEventSelectors && sel.AdvancedEventSelectors.length > 0) {
    for (const a of sel.AdvancedEventSelectors) {
      const field = (name: string) => a.FieldSelectors.find((f) => f.Field === name);
      const cat = field('eventCategory');
      if (!cat?.Equals?.includes('Management')) continue;
      const ro = field('readOnly');
      if (ro?.Equals && !ro.Equals.includes('false')) continue;
      const src = field('eventSource');
      if (src?.NotEquals?.includes('iam.amazonaws.com')) continue;
      if (src?.Equals && !src.Equals.includes('iam.amazonaws.com')) continue;
      return { ok: true };
    }
    return { ok: false, problems: ['its advanced event selectors record no write management events for IAM'] };
  }
  const basic = sel.EventSelectors ?? [];
  if (basic.length === 0) return { ok: false, problems: ['it has no event selectors'] };
  const good = basic.some((s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') !== 'ReadOnly');
  return good ? { ok: true } : { ok: false, problems: ['its event selectors exclude write management events'] };
}

function judge(t: TrailInfo): Verdict {
  const problems: string[] = [];
  if (t.status?.IsLogging === undefined) return { ok: 'unknown', reason: `the status of trail ${t.Name} was not collected` };
  if (!t.status.IsLogging) problems.push('logging is stopped');
  if (!t.IsMultiRegionTrail) problems.push(`it records only its home region ${t.HomeRegion ?? ''}`.trim());
  const m = managementEvents(t);
  if (m.ok === false) problems.push(...m.problems);
  if (problems.length) return { ok: false, problems };
  return m;
}

/**
 * At least one trail that is logging, multi-region and records write management events; otherwise EventBridge
 * receives no "AWS API Call via CloudTrail" events and the real-time monitor is blind.
 */
export const cloudtrailNotLogging: PostureRule = {
  id: 'cloudtrail-not-logging',
  kind: 'posture',
  title: 'No multi-region CloudTrail trail is logging management events',
  severity: 'critical',
  guide: 'CloudTrail is enabled in all regions with management events, read and write (CIS 3.1); iam-guardian\'s real-time alerts depend on it.',
  why: 'Without a logging trail that records management events there is no record of who changed what, and EventBridge receives no API-call events: the real-time monitor sees nothing.',
  fix: {
    console: [
      'CloudTrail → Trails. If a trail exists but is stopped, open it and choose Start logging.',
      'Otherwise choose Create trail: apply to all regions, management events Read and Write, an S3 bucket (with log file validation).',
      'Check the trail\'s Event type: Management events must be selected, with Write (or All) API activity.',
    ],
    cli: CREATE_CLI,
  },
  controls: ['CloudTrail.1', 'CloudTrail.3', 'CIS-3.1'],
  evaluate(account) {
    if (!account.trails) return notEvaluated(missingSource(account, 'cloudtrail', 'The CloudTrail trail list'));
    const verdicts = account.trails.map((t) => ({ t, v: judge(t) }));
    if (verdicts.some((x) => x.v.ok === true)) return { checked: 1, hits: [] };
    const unknown = verdicts.filter((x) => x.v.ok === 'unknown');
    if (unknown.length > 0) {
      return notEvaluated(`No trail is confirmed to log management events and ${unknown.map((x) => (x.v as { reason: string }).reason).join('; ')}.`);
    }
    const stopped = verdicts.find((x) => x.t.status?.IsLogging === false && x.t.IsMultiRegionTrail);
    const detail =
      verdicts.length === 0
        ? 'there is no trail at all'
        : verdicts.map((x) => `trail ${x.t.Name}: ${(x.v as { problems: string[] }).problems.join(', ')}`).join('; ');
    return {
      checked: 1,
      hits: [
        {
          resource: account.accountId,
          message: `Account ${account.accountId} has no logging multi-region CloudTrail trail with management events (${detail}). The real-time monitor receives no API-call events until this is fixed.`,
          fix: stopped ? { ...cloudtrailNotLogging.fix, cli: fillCli('aws cloudtrail start-logging --name <trail>', { trail: stopped.t.TrailARN ?? stopped.t.Name }) } : cloudtrailNotLogging.fix,
          evidence: {
            trails: verdicts.map((x) => ({ name: x.t.Name, arn: x.t.TrailARN ?? null, problems: (x.v as { problems?: string[] }).problems ?? [] })),
          },
        },
      ],
    };
  },
};
