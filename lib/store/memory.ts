/** An in-memory StateStore (tests, one-off CLI runs). Stores copies so callers cannot mutate the history. */
import type { Finding } from '../findings/types';
import type { AlertRecord, StateStore, SweepSummary } from './types';

const clone = <T>(v: T): T => structuredClone(v);

export class MemoryStore implements StateStore {
  private readonly findings = new Map<string, Map<string, Finding>>();
  private readonly sweeps: SweepSummary[] = [];
  private readonly alerts: AlertRecord[] = [];

  async getFindings(account: string): Promise<Finding[]> {
    return [...(this.findings.get(account)?.values() ?? [])].map(clone);
  }

  async putFindings(findings: Finding[]): Promise<void> {
    for (const f of findings) {
      let m = this.findings.get(f.account);
      if (!m) this.findings.set(f.account, (m = new Map()));
      m.set(f.uid, clone(f));
    }
  }

  async putSweep(summary: SweepSummary): Promise<void> {
    const i = this.sweeps.findIndex((s) => s.account === summary.account && s.time === summary.time);
    if (i >= 0) this.sweeps[i] = clone(summary);
    else this.sweeps.push(clone(summary));
  }

  async listSweeps(account: string, since: string): Promise<SweepSummary[]> {
    const t = Date.parse(since);
    return this.sweeps
      .filter((s) => s.account === account && Date.parse(s.time) >= t)
      .sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
      .map(clone);
  }

  async putAlert(alert: AlertRecord): Promise<void> {
    const i = this.alerts.findIndex((a) => a.account === alert.account && a.eventId === alert.eventId && a.time === alert.time);
    if (i >= 0) this.alerts[i] = clone(alert);
    else this.alerts.push(clone(alert));
  }

  async listAlerts(account: string, since: string): Promise<AlertRecord[]> {
    const t = Date.parse(since);
    return this.alerts
      .filter((a) => a.account === account && Date.parse(a.time) >= t)
      .sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
      .map(clone);
  }
}
