/**
 * What a JSON document that is not CloudTrail input is, and which command reads it: an IAM policy (check-policy), a
 * file of a snapshot folder (sweep --snapshot), an iam-guardian configuration (--config), a CloudTrail digest file or
 * test expectations. `score` says so instead of alerting on an "unreadable event"; `replay` skips such files with a
 * note in its summary.
 *
 * Conservative on purpose (bad input must never hide an alert): a top-level object that carries any key of a
 * CloudTrail record or an EventBridge envelope, an empty object, an array or a scalar is never called foreign; it is
 * scored, and a broken record still gets its `unparseable-event` finding.
 */

import schema from '../config/schema.json';

export type ForeignKind = 'policy' | 'snapshot' | 'config' | 'cloudtrail-digest' | 'not-cloudtrail';

export interface ForeignDocument {
  kind: ForeignKind;
  /** What the file is, for a sentence: "an IAM policy document". */
  what: string;
  /** The command to use instead (with FILE / DIR for the file and its folder), or what to do. */
  hint: string;
}

/** Keys of a CloudTrail record, an EventBridge envelope, a log file or lookup-events output. */
const CLOUDTRAIL_KEYS = [
  'eventVersion', 'eventName', 'eventSource', 'eventID', 'eventTime', 'eventType', 'eventCategory', 'userIdentity',
  'awsRegion', 'sourceIPAddress', 'recipientAccountId', 'requestParameters', 'responseElements', 'errorCode',
  'detail', 'detail-type', 'source', 'Records', 'Events', 'CloudTrailEvent',
];

/** Top-level keys of an iam-guardian configuration (lib/config/schema.json). */
export const CONFIG_TOP_KEYS: readonly string[] = Object.keys(schema.properties);

/** Top-level keys of the files of a snapshot folder (the README's "Snapshot format"), and of a raw credential report. */
const SNAPSHOT_KEYS: Record<string, string> = {
  UserDetailList: 'authorization-details.json',
  GroupDetailList: 'authorization-details.json',
  RoleDetailList: 'authorization-details.json',
  SummaryMap: 'account-summary.json',
  PasswordPolicy: 'password-policy.json',
  VirtualMFADevices: 'virtual-mfa-devices.json',
  ServerCertificateMetadataList: 'server-certificates.json',
  analyzers: 'access-analyzers.json',
  trails: 'cloudtrail.json',
  ReportFormat: 'credential-report.json',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The kind of a parsed JSON document that holds no CloudTrail event, or undefined when it may hold one (then it is
 * scored as usual). `file` is how the user named the file, used in the hint.
 */
export function foreignDocument(value: unknown, file = 'FILE'): ForeignDocument | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 0 || keys.some((k) => CLOUDTRAIL_KEYS.includes(k))) return undefined;
  const dir = dirnameOf(file);
  if ('Statement' in value || (isObject(value.PolicyVersion) && 'Document' in value.PolicyVersion)) {
    return { kind: 'policy', what: 'an IAM policy document, not a CloudTrail event', hint: `check it with: iam-guardian check-policy ${file}` };
  }
  const snap = keys.find((k) => k in SNAPSHOT_KEYS) ?? ('accountId' in value && 'takenAt' in value ? 'meta' : undefined);
  if (snap) {
    const name = snap === 'meta' ? 'meta.json' : SNAPSHOT_KEYS[snap];
    return { kind: 'snapshot', what: `a file of an account snapshot (${name}), not a CloudTrail event`, hint: `sweep the snapshot folder with: iam-guardian sweep --snapshot ${dir}` };
  }
  if (keys.every((k) => CONFIG_TOP_KEYS.includes(k))) {
    return { kind: 'config', what: 'an iam-guardian configuration, not a CloudTrail event', hint: `use it with any command: --config ${file}` };
  }
  if ('digestStartTime' in value || 'digestEndTime' in value || 'logFiles' in value) {
    return { kind: 'cloudtrail-digest', what: 'a CloudTrail digest file (log-file integrity hashes), not a log file', hint: 'validate it with: aws cloudtrail validate-logs' };
  }
  return {
    kind: 'not-cloudtrail',
    what: 'JSON that holds no CloudTrail event (none of eventName, eventSource, userIdentity, detail, Records)',
    hint: 'give CloudTrail log files, EventBridge events or `aws cloudtrail lookup-events` output',
  };
}

/**
 * The kind of a text that is not JSON but a YAML iam-guardian configuration (top-level keys of the configuration at
 * the start of a line), or undefined.
 */
export function foreignText(text: string, file = 'FILE'): ForeignDocument | undefined {
  const top = [...text.slice(0, 64 * 1024).matchAll(/^([A-Za-z$][\w$]*):/gm)].map((m) => m[1]);
  if (top.length === 0 || !top.every((k) => CONFIG_TOP_KEYS.includes(k))) return undefined;
  return { kind: 'config', what: 'an iam-guardian configuration (YAML), not a CloudTrail event', hint: `use it with any command: --config ${file}` };
}

function dirnameOf(file: string): string {
  const i = file.replace(/\/+$/, '').lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : file.slice(0, i);
}
