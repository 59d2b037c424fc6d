/** Finding the log files of a local CloudTrail archive (S3 layout `AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/` or any folder). */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const LOG_FILE = /\.json(\.gz)?$|\.gz$|\.jsonl$/i;
const DATE_IN_PATH = /(?:^|[/\\])(\d{4})[/\\](\d{2})[/\\](\d{2})(?:[/\\]|$)/;

/** The day a CloudTrail archive path belongs to (`YYYY-MM-DD`), from its `YYYY/MM/DD` folders. */
export function dateOfPath(path: string): string | undefined {
  const m = DATE_IN_PATH.exec(path);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/**
 * True when a file dated `day` may hold events between since and until. Files are delivered up to ~15 minutes
 * after their events, so the day before `since` and the day after `until` are kept; records are filtered exactly.
 */
export function dayInRange(day: string | undefined, since?: string, until?: string): boolean {
  if (!day) return true;
  const t = Date.parse(`${day}T00:00:00Z`);
  const dayMs = 86_400_000;
  if (since && t + 2 * dayMs <= Date.parse(since)) return false;
  if (until && t - dayMs > Date.parse(until)) return false;
  return true;
}

/** Every log file under root (or root itself when it is a file), sorted, filtered by date folders. */
export async function listLocalFiles(root: string, since?: string, until?: string): Promise<string[]> {
  const st = await stat(root);
  if (st.isFile()) return [root];
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        const day = dateOfPath(p + '/');
        if (day && !dayInRange(day, since, until)) continue;
        await walk(p);
      } else if (e.isFile() && !e.name.startsWith('.') && LOG_FILE.test(e.name) && dayInRange(dateOfPath(p), since, until)) {
        out.push(p);
      }
    }
  }
  await walk(root);
  return out;
}

export function parseS3Url(url: string): { bucket: string; prefix: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  return m ? { bucket: m[1], prefix: m[2] } : undefined;
}
