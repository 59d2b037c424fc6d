/**
 * The weekly organization report from stored history: for each account of an org run, today's single-account weekly
 * report (lib/report/model.ts, unchanged: its own page) and, over all of them, the organization report (./model).
 * Used by the weekly report Lambda in Organizations mode and by `report --org`. Pure: reads a StateStore, no AWS SDK.
 */
import type { Config } from '../../config/types';
import type { StateStore } from '../../store/types';
import type { OrgRunRecord } from '../../org/run';
import { UNFINISHED_REASON } from '../../org/run';
import { buildWeeklyReport, TREND_WEEKS, WEEK_MS, type WeeklyReport } from '../model';
import { buildOrgReport, type OrgReport, type OrgReportAccountInput } from './model';

export interface OrgWeeklyInput {
  store: StateStore;
  /** The accounts of the run (evaluated ones are read from the store; the others carry their reason). */
  records: readonly Pick<OrgRunRecord, 'account' | 'name' | 'status' | 'reason'>[];
  now: string;
  config: Config;
  source: string;
  orgId?: string;
  /** Accounts read at once (default 10). */
  concurrency?: number;
}

export interface OrgWeekly {
  report: OrgReport;
  /** One weekly report per evaluated account, in the org report's ranking order. */
  accounts: WeeklyReport[];
}

export async function buildOrgWeekly(o: OrgWeeklyInput): Promise<OrgWeekly> {
  const nowMs = Date.parse(o.now);
  const since = new Date(nowMs - (TREND_WEEKS + 1) * WEEK_MS).toISOString();
  const weekAgo = new Date(nowMs - WEEK_MS).toISOString();
  const weekly = new Map<string, WeeklyReport>();
  const inputs: OrgReportAccountInput[] = [];
  const evaluated = o.records.filter((r) => r.status === 'evaluated');
  const step = Math.max(1, o.concurrency ?? 10);
  const read = new Map<string, { sweeps: Awaited<ReturnType<StateStore['listSweeps']>>; findings: Awaited<ReturnType<StateStore['getFindings']>>; alerts: Awaited<ReturnType<StateStore['listAlerts']>> }>();
  for (let i = 0; i < evaluated.length; i += step) {
    await Promise.all(
      evaluated.slice(i, i + step).map(async (r) => {
        const [sweeps, findings, alerts] = await Promise.all([o.store.listSweeps(r.account, since), o.store.getFindings(r.account), o.store.listAlerts(r.account, weekAgo)]);
        read.set(r.account, { sweeps, findings, alerts });
      }),
    );
  }
  for (const r of o.records) {
    const got = r.status === 'evaluated' ? read.get(r.account) : undefined;
    const last = got?.sweeps.at(-1);
    if (!got || !last) {
      const reason = r.status === 'pending' ? UNFINISHED_REASON : r.status === 'evaluated' ? 'no sweep recorded for this account' : (r.reason ?? 'unknown reason');
      inputs.push({ account: r.account, name: r.name, status: 'not-evaluated', reason, findings: [] });
      continue;
    }
    const report = buildWeeklyReport({ account: r.account, now: o.now, sweeps: got.sweeps, findings: got.findings, alerts: got.alerts, config: o.config, source: o.source });
    weekly.set(r.account, report);
    inputs.push({
      account: r.account,
      name: r.name,
      status: 'evaluated',
      score: last.score,
      findings: got.findings.filter((f) => f.kind === 'posture' && f.status !== 'resolved'),
      sweeps: got.sweeps,
      sweptAt: last.time,
    });
  }
  const report = buildOrgReport({ now: o.now, accounts: inputs, source: o.source, ...(o.orgId ? { orgId: o.orgId } : {}) });
  return { report, accounts: report.accounts.map((a) => weekly.get(a.account)).filter((w): w is WeeklyReport => w !== undefined) };
}
