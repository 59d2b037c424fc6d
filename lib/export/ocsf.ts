/**
 * OCSF 1.3.0 export. Posture findings → Compliance Finding (class_uid 2003); event findings → Detection Finding
 * (class_uid 2004); both in category Findings (category_uid 2).
 *
 * Required attributes written (OCSF 1.3.0): base event — activity_id, category_uid, class_uid, type_uid
 * (class_uid * 100 + activity_id), severity_id, time, metadata {product {vendor_name, name, version}, version};
 * Finding — finding_info {uid, title}; Compliance Finding — compliance {standards}; cloud profile — cloud {provider}.
 *
 * Lossless: what OCSF cannot hold exactly (our status word, the fix, the evidence, ISO timestamps, the suppression)
 * travels in `unmapped.iam_guardian`, so `fromOcsf(toOcsf(f))` deep-equals `f`.
 */
import type { Finding, FindingStatus, Fix, Severity, SuppressionInfo } from '../findings/types';
import { isSeverity } from '../findings/types';
import {
  PRODUCT_NAME,
  PRODUCT_VENDOR,
  PRODUCT_VERSION,
  controlRequirements,
  controlStandards,
  fixText,
  partitionOfResource,
  resourceType,
} from './common';

export const OCSF_VERSION = '1.3.0';
export const COMPLIANCE_FINDING_CLASS = 2003;
export const DETECTION_FINDING_CLASS = 2004;

const SEVERITY_ID: Record<Severity, number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_CAPTION: Record<Severity, string> = {
  info: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};
/** OCSF finding status_id (1 New, 3 Suppressed, 4 Resolved, 99 Other). Our `open` (seen before, still present) is 99 "Open". */
const STATUS: Record<FindingStatus, { id: number; caption: string }> = {
  new: { id: 1, caption: 'New' },
  open: { id: 99, caption: 'Open' },
  suppressed: { id: 3, caption: 'Suppressed' },
  resolved: { id: 4, caption: 'Resolved' },
};
/** activity_id: 1 Create (first seen now), 2 Update (still present / suppressed), 3 Close (resolved). */
const ACTIVITY: Record<FindingStatus, { id: number; name: string }> = {
  new: { id: 1, name: 'Create' },
  open: { id: 2, name: 'Update' },
  suppressed: { id: 2, name: 'Update' },
  resolved: { id: 3, name: 'Close' },
};

export interface OcsfContext {
  /** Region the finding was produced in (cloud.region). */
  region?: string;
}

/** Carried verbatim for the lossless round trip. */
export interface OcsfUnmapped {
  status: FindingStatus;
  controls: string[];
  fix: Fix;
  evidence: Record<string, unknown>;
  firstSeen: string;
  lastSeen: string;
  resolvedAt?: string;
  suppression?: SuppressionInfo;
}

export interface OcsfFinding {
  category_uid: 2;
  category_name: 'Findings';
  class_uid: number;
  class_name: string;
  activity_id: number;
  activity_name: string;
  type_uid: number;
  type_name: string;
  severity_id: number;
  severity: string;
  time: number;
  message: string;
  status_id: number;
  status: string;
  status_detail?: string;
  metadata: {
    version: string;
    product: { name: string; vendor_name: string; version: string };
    log_name?: string;
  };
  finding_info: {
    uid: string;
    title: string;
    desc: string;
    types: string[];
    created_time: number;
    first_seen_time: number;
    last_seen_time: number;
    modified_time: number;
    analytic: { uid: string; name: string; type_id: 1; type: 'Rule' };
  };
  compliance?: {
    control: string;
    requirements: string[];
    standards: string[];
    status_id: number;
    status: string;
  };
  resources: { uid: string; type: string; cloud_partition?: string; region?: string }[];
  cloud: { provider: 'AWS'; region?: string; account: { uid: string; type_id: 10; type: 'AWS Account' } };
  remediation: { desc: string };
  end_time?: number;
  unmapped: { iam_guardian: OcsfUnmapped };
}

const ms = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

export function toOcsf(f: Finding, ctx: OcsfContext = {}): OcsfFinding {
  const posture = f.kind === 'posture';
  const classUid = posture ? COMPLIANCE_FINDING_CLASS : DETECTION_FINDING_CLASS;
  const className = posture ? 'Compliance Finding' : 'Detection Finding';
  const activity = ACTIVITY[f.status];
  const status = STATUS[f.status];
  const unmapped: OcsfUnmapped = {
    status: f.status,
    controls: [...f.controls],
    fix: { console: [...f.fix.console], cli: f.fix.cli },
    evidence: structuredClone(f.evidence),
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
  };
  if (f.resolvedAt !== undefined) unmapped.resolvedAt = f.resolvedAt;
  if (f.suppression) unmapped.suppression = { ...f.suppression };
  const partition = partitionOfResource(f.resource);
  const out: OcsfFinding = {
    category_uid: 2,
    category_name: 'Findings',
    class_uid: classUid,
    class_name: className,
    activity_id: activity.id,
    activity_name: activity.name,
    type_uid: classUid * 100 + activity.id,
    type_name: `${className}: ${activity.name}`,
    severity_id: SEVERITY_ID[f.severity],
    severity: SEVERITY_CAPTION[f.severity],
    time: ms(f.lastSeen),
    message: f.message,
    status_id: status.id,
    status: status.caption,
    metadata: {
      version: OCSF_VERSION,
      product: { name: PRODUCT_NAME, vendor_name: PRODUCT_VENDOR, version: PRODUCT_VERSION },
      log_name: posture ? 'posture-sweep' : 'cloudtrail-events',
    },
    finding_info: {
      uid: f.uid,
      title: f.title,
      desc: f.message,
      types: [posture ? 'Posture' : 'Event', f.ruleId],
      created_time: ms(f.firstSeen),
      first_seen_time: ms(f.firstSeen),
      last_seen_time: ms(f.lastSeen),
      modified_time: ms(f.lastSeen),
      analytic: { uid: f.ruleId, name: f.ruleId, type_id: 1, type: 'Rule' },
    },
    resources: [{ uid: f.resource, type: resourceType(f.resource), ...(partition ? { cloud_partition: partition } : {}), ...(ctx.region ? { region: ctx.region } : {}) }],
    cloud: { provider: 'AWS', ...(ctx.region ? { region: ctx.region } : {}), account: { uid: f.account, type_id: 10, type: 'AWS Account' } },
    remediation: { desc: fixText(f) },
    unmapped: { iam_guardian: unmapped },
  };
  if (f.status === 'suppressed' && f.suppression) {
    const s = f.suppression;
    out.status_detail = `Suppressed: ${s.reason}${s.owner ? ` (owner ${s.owner})` : ''}, until ${s.expires}`;
  }
  if (f.resolvedAt !== undefined) out.end_time = ms(f.resolvedAt);
  if (posture) {
    const passed = f.status === 'resolved';
    const standards = controlStandards(f.controls);
    out.compliance = {
      control: f.controls[0] ?? f.ruleId,
      requirements: controlRequirements(f.controls),
      standards: standards.length > 0 ? standards : [`${PRODUCT_NAME} rules`],
      status_id: passed ? 1 : 3,
      status: passed ? 'Pass' : 'Fail',
    };
  }
  return out;
}

export class OcsfImportError extends Error {
  constructor(problem: string) {
    super(`not an iam-guardian OCSF finding: ${problem}`);
    this.name = 'OcsfImportError';
  }
}

const SEVERITY_BY_ID = new Map<number, Severity>(Object.entries(SEVERITY_ID).map(([k, v]) => [v, k as Severity]));

/** Reads back an OCSF finding written by toOcsf. Throws OcsfImportError naming what is missing. */
export function fromOcsf(o: OcsfFinding): Finding {
  const u = o.unmapped?.iam_guardian;
  if (!u) throw new OcsfImportError('unmapped.iam_guardian is missing');
  const kind = o.class_uid === COMPLIANCE_FINDING_CLASS ? 'posture' : o.class_uid === DETECTION_FINDING_CLASS ? 'event' : undefined;
  if (!kind) throw new OcsfImportError(`class_uid ${o.class_uid} is neither 2003 nor 2004`);
  const severity = SEVERITY_BY_ID.get(o.severity_id);
  if (!severity || !isSeverity(severity)) throw new OcsfImportError(`severity_id ${o.severity_id} is not 1-5`);
  const resource = o.resources?.[0]?.uid;
  if (resource === undefined) throw new OcsfImportError('resources[0].uid is missing');
  const f: Finding = {
    uid: o.finding_info.uid,
    ruleId: o.finding_info.analytic.uid,
    kind,
    severity,
    status: u.status,
    account: o.cloud.account.uid,
    resource,
    controls: [...u.controls],
    title: o.finding_info.title,
    message: o.message,
    fix: { console: [...u.fix.console], cli: u.fix.cli },
    firstSeen: u.firstSeen,
    lastSeen: u.lastSeen,
    evidence: structuredClone(u.evidence),
  };
  if (u.resolvedAt !== undefined) f.resolvedAt = u.resolvedAt;
  if (u.suppression) f.suppression = { ...u.suppression };
  return f;
}
