/**
 * A StateStore in a local directory (the CLI's history: `sweep --history DIR`), one JSON file per account and kind:
 * `<account>.findings.json` (uid → finding), `<account>.sweeps.json`, `<account>.alerts.json`. Writes go to a temporary
 * file renamed into place, so an interrupted run never leaves half a file. A damaged file is an error naming it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../findings/types';
import type { AlertRecord, StateStore, StoreReadOptions, SweepSummary } from './types';
import { validateAlert, validateAll, validateFinding, validateSweep } from './validate';

export class StoreFileError extends Error {
  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'StoreFileError';
  }
}

const SAFE = /^[A-Za-z0-9._-]+$/;

export class FileStore implements StateStore {
  /** Problems found in stored records on read (when no onWarning was given); see lib/store/validate.ts. */
  readonly warnings: string[] = [];
  private readonly warn: (m: string) => void;

  constructor(
    readonly dir: string,
    opts: StoreReadOptions = {},
  ) {
    this.warn = opts.onWarning ?? ((m) => this.warnings.push(m));
  }

  private file(account: string, kind: 'findings' | 'sweeps' | 'alerts'): string {
    if (!SAFE.test(account)) throw new StoreFileError(`account ${JSON.stringify(account)}`, 'cannot name a history file');
    return path.join(this.dir, `${account}.${kind}.json`);
  }

  private async read<T>(file: string, empty: T, check: (v: unknown) => boolean): Promise<T> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return empty;
      throw new StoreFileError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      throw new StoreFileError(file, `is not valid JSON (${(e as Error).message})`);
    }
    if (!check(v)) throw new StoreFileError(file, 'does not hold iam-guardian history of the expected shape');
    return v as T;
  }

  private async write(file: string, value: unknown): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(tmp, `${JSON.stringify(value, null, 1)}\n`, 'utf8');
    await fs.rename(tmp, file);
  }

  private isMap = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

  async getFindings(account: string): Promise<Finding[]> {
    const file = this.file(account, 'findings');
    const m = await this.read<Record<string, unknown>>(file, {}, this.isMap);
    return validateAll(Object.values(m), validateFinding, file, this.warn);
  }

  async putFindings(findings: Finding[]): Promise<void> {
    const byAccount = new Map<string, Finding[]>();
    for (const f of findings) byAccount.set(f.account, [...(byAccount.get(f.account) ?? []), f]);
    for (const [account, list] of byAccount) {
      const file = this.file(account, 'findings');
      const m = await this.read<Record<string, Finding>>(file, {}, this.isMap);
      for (const f of list) m[f.uid] = f;
      await this.write(file, m);
    }
  }

  async putSweep(summary: SweepSummary): Promise<void> {
    const file = this.file(summary.account, 'sweeps');
    const list = (await this.read<SweepSummary[]>(file, [], Array.isArray)).filter((s) => s.time !== summary.time);
    list.push(summary);
    list.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    await this.write(file, list);
  }

  async listSweeps(account: string, since: string): Promise<SweepSummary[]> {
    const t = Date.parse(since);
    const file = this.file(account, 'sweeps');
    const list = validateAll(await this.read<unknown[]>(file, [], Array.isArray), validateSweep, file, this.warn);
    return list.filter((s) => Date.parse(s.time) >= t).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  }

  async putAlert(alert: AlertRecord): Promise<void> {
    const file = this.file(alert.account, 'alerts');
    const list = (await this.read<AlertRecord[]>(file, [], Array.isArray)).filter(
      (a) => !(a.eventId === alert.eventId && a.time === alert.time),
    );
    list.push(alert);
    list.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    await this.write(file, list);
  }

  async listAlerts(account: string, since: string): Promise<AlertRecord[]> {
    const t = Date.parse(since);
    const file = this.file(account, 'alerts');
    const list = validateAll(await this.read<unknown[]>(file, [], Array.isArray), validateAlert, file, this.warn);
    return list.filter((a) => Date.parse(a.time) >= t);
  }
}
