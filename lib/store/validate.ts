/**
 * Stored history is input too: the state table and a history folder can be written by anyone with access to them, and
 * an older or damaged record can hold anything. Every record read back (findings, sweep summaries, alert records) is
 * checked here: a field of the wrong type or an unknown severity / status is replaced by a safe value and a warning
 * naming the record and field is recorded — a record is never dropped silently (one that is not even an object is
 * skipped with a warning). Safe values keep a finding visible: unknown severity → `high`, unknown status → `open`.
 * Pure: no I/O.
 */
import type { Finding, FindingStatus, Severity } from '../findings/types';
import { isSeverity, SEVERITIES } from '../findings/types';
import type { AlertRecord, SweepSummary } from './types';

export const SAFE_SEVERITY: Severity = 'high';
export const SAFE_STATUS: FindingStatus = 'open';
const STATUSES: readonly string[] = ['new', 'open', 'resolved', 'suppressed'];

export type Warn = (message: string) => void;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short, JSON-quoted rendering of a bad value for a warning (never the whole value). */
function shown(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

class Checker {
  constructor(
    private readonly where: string,
    private readonly warn: Warn,
  ) {}

  str(o: Obj, key: string, fallback: string): string {
    const v = o[key];
    if (typeof v === 'string') return v;
    if (v !== undefined) this.warn(`${this.where}: field ${key} is not a string (${shown(v)}); read as ${JSON.stringify(fallback)}`);
    else this.warn(`${this.where}: field ${key} is missing; read as ${JSON.stringify(fallback)}`);
    return fallback;
  }

  optStr(o: Obj, key: string): string | undefined {
    const v = o[key];
    if (v === undefined || v === null || typeof v === 'string') return v ?? undefined;
    this.warn(`${this.where}: field ${key} is not a string (${shown(v)}); ignored`);
    return undefined;
  }

  num(o: Obj, key: string, fallback: number): number {
    const v = o[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    this.warn(`${this.where}: field ${key} is not a number (${shown(v)}); read as ${fallback}`);
    return fallback;
  }

  strings(o: Obj, key: string): string[] {
    const v = o[key];
    if (v === undefined) return [];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    this.warn(`${this.where}: field ${key} is not a list of strings (${shown(v)}); its strings are kept`);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  severity(v: unknown, key = 'severity'): Severity {
    if (isSeverity(v)) return v;
    this.warn(`${this.where}: unknown ${key} ${shown(v)} (expected one of ${SEVERITIES.join(', ')}); read as ${SAFE_SEVERITY}`);
    return SAFE_SEVERITY;
  }
}

/** A stored finding, checked (see the module comment). undefined only for a record that is not an object. */
export function validateFinding(raw: unknown, where: string, warn: Warn): Finding | undefined {
  if (!isObj(raw)) {
    warn(`${where}: a stored finding is not an object (${shown(raw)}); skipped`);
    return undefined;
  }
  const uid = typeof raw.uid === 'string' ? raw.uid : undefined;
  const c = new Checker(`${where}: finding ${uid !== undefined ? JSON.stringify(uid.slice(0, 80)) : '(no uid)'}`, warn);
  const status = STATUSES.includes(raw.status as string) ? (raw.status as FindingStatus) : undefined;
  if (!status) warn(`${where}: finding ${JSON.stringify(uid ?? '(no uid)')}: unknown status ${shown(raw.status)} (expected new, open, resolved or suppressed); read as ${SAFE_STATUS}`);
  const fixRaw = isObj(raw.fix) ? raw.fix : {};
  if (!isObj(raw.fix)) warn(`${where}: finding ${JSON.stringify(uid ?? '(no uid)')}: field fix is not an object; read as no fix`);
  const f: Finding = {
    ...(raw as Partial<Finding>),
    uid: c.str(raw, 'uid', ''),
    ruleId: c.str(raw, 'ruleId', 'unknown-rule'),
    kind: raw.kind === 'event' ? 'event' : 'posture',
    severity: c.severity(raw.severity),
    status: status ?? SAFE_STATUS,
    account: c.str(raw, 'account', ''),
    resource: c.str(raw, 'resource', ''),
    controls: c.strings(raw, 'controls'),
    title: c.str(raw, 'title', '(untitled finding)'),
    message: c.str(raw, 'message', ''),
    fix: { console: c.strings(fixRaw, 'console'), cli: typeof fixRaw.cli === 'string' ? fixRaw.cli : '' },
    firstSeen: c.str(raw, 'firstSeen', ''),
    lastSeen: c.str(raw, 'lastSeen', ''),
    evidence: isObj(raw.evidence) ? raw.evidence : {},
  };
  const resolvedAt = c.optStr(raw, 'resolvedAt');
  if (resolvedAt !== undefined) f.resolvedAt = resolvedAt;
  if (isObj(raw.suppression)) {
    const s = raw.suppression;
    const sc = new Checker(`${where}: finding ${JSON.stringify(f.uid)} suppression`, warn);
    f.suppression = { reason: sc.str(s, 'reason', ''), expires: sc.str(s, 'expires', ''), rule: sc.str(s, 'rule', ''), resource: sc.str(s, 'resource', '') };
    const owner = sc.optStr(s, 'owner');
    if (owner !== undefined) f.suppression.owner = owner;
  } else if (raw.suppression !== undefined) warn(`${where}: finding ${JSON.stringify(f.uid)}: field suppression is not an object; ignored`);
  return f;
}

/** A stored sweep summary, checked. undefined only for a record that is not an object. */
export function validateSweep(raw: unknown, where: string, warn: Warn): SweepSummary | undefined {
  if (!isObj(raw)) {
    warn(`${where}: a stored sweep summary is not an object (${shown(raw)}); skipped`);
    return undefined;
  }
  const c = new Checker(`${where}: sweep ${JSON.stringify(typeof raw.time === 'string' ? raw.time.slice(0, 40) : '(no time)')}`, warn);
  const countsRaw = isObj(raw.counts) ? raw.counts : {};
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const [k, v] of Object.entries(countsRaw)) {
    const sev = c.severity(k, 'severity key in counts');
    counts[sev] += typeof v === 'number' && Number.isFinite(v) ? v : 0;
  }
  const out: SweepSummary = { ...(raw as Partial<SweepSummary>), account: c.str(raw, 'account', ''), time: c.str(raw, 'time', ''), score: c.num(raw, 'score', 0), counts };
  if (isObj(raw.rules)) {
    out.rules = {};
    for (const [id, r] of Object.entries(raw.rules)) {
      if (!isObj(r)) {
        warn(`${where}: sweep ${JSON.stringify(out.time)}: rule ${JSON.stringify(id.slice(0, 80))} is not an object; skipped`);
        continue;
      }
      const rc = new Checker(`${where}: sweep ${JSON.stringify(out.time)} rule ${JSON.stringify(id.slice(0, 80))}`, warn);
      out.rules[id] = { checked: rc.num(r, 'checked', 0), failed: rc.num(r, 'failed', 0), severity: rc.severity(r.severity) };
    }
  }
  if (isObj(raw.notEvaluated)) {
    out.notEvaluated = Object.fromEntries(Object.entries(raw.notEvaluated).map(([k, v]) => [k, typeof v === 'string' ? v : shown(v)]));
  }
  return out;
}

/** A stored alert record, checked. undefined only for a record that is not an object. */
export function validateAlert(raw: unknown, where: string, warn: Warn): AlertRecord | undefined {
  if (!isObj(raw)) {
    warn(`${where}: a stored alert record is not an object (${shown(raw)}); skipped`);
    return undefined;
  }
  const c = new Checker(`${where}: alert ${JSON.stringify(typeof raw.eventId === 'string' ? raw.eventId.slice(0, 80) : '(no event id)')}`, warn);
  const out: AlertRecord = {
    ...(raw as Partial<AlertRecord>),
    account: c.str(raw, 'account', ''),
    eventId: c.str(raw, 'eventId', ''),
    time: c.str(raw, 'time', ''),
    ruleIds: c.strings(raw, 'ruleIds'),
    severity: c.severity(raw.severity),
    score: c.num(raw, 'score', 0),
    subject: c.str(raw, 'subject', ''),
    lines: c.strings(raw, 'lines'),
  };
  for (const k of ['eventName', 'actor', 'sourceIp', 'accountName'] as const) {
    const v = c.optStr(raw, k);
    if (v !== undefined) out[k] = v;
  }
  delete out.lineRules;
  if (raw.lineRules !== undefined) {
    const list = Array.isArray(raw.lineRules) ? raw.lineRules : undefined;
    const ok = list?.every((x: unknown) => isObj(x) && typeof x.ruleId === 'string' && isSeverity(x.severity)) && list.length === out.lines.length;
    if (ok && list) out.lineRules = list.map((x: { ruleId: string; severity: Severity }) => ({ ruleId: x.ruleId, severity: x.severity }));
    else warn(`${where}: alert ${JSON.stringify(out.eventId.slice(0, 80))}: field lineRules is not one {ruleId, severity} per line (${shown(raw.lineRules)}); ignored (the report falls back to the rules' severities)`);
  }
  return out;
}

/** Validates a list, dropping (with their warning) only records that are not objects. */
export function validateAll<T>(list: unknown[], check: (raw: unknown, where: string, warn: Warn) => T | undefined, where: string, warn: Warn): T[] {
  const out: T[] = [];
  for (const raw of list) {
    const v = check(raw, where, warn);
    if (v !== undefined) out.push(v);
  }
  return out;
}
