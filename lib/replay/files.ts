/** Finding the log files of a local CloudTrail archive (S3 layout `AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/` or any folder). */
import { readdir, realpath, stat } from 'node:fs/promises';
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
  return (await listLocalArchive(root, since, until)).files;
}

export interface LocalArchive {
  files: string[];
  /** Paths that look like part of the archive but were not read, with the reason (the summary lists them). */
  skipped: { file: string; reason: string }[];
}

function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'a symbolic link to nothing';
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'ELOOP') return 'a symbolic link loop';
  return (err.message ?? String(e)).split('\n')[0].slice(0, 200);
}

/**
 * The log files under root, following symbolic links to files and folders (each real folder is walked once, so a
 * link loop ends), with what could not be read: broken links, unreadable folders, special files with a log name.
 */
export async function listLocalArchive(root: string, since?: string, until?: string): Promise<LocalArchive> {
  const st = await stat(root);
  if (st.isFile()) return { files: [root], skipped: [] };
  const files: string[] = [];
  const skipped: LocalArchive['skipped'] = [];
  const seen = new Set<string>();
  async function walk(dir: string): Promise<void> {
    let real: string;
    let entries;
    try {
      real = await realpath(dir);
      if (seen.has(real)) {
        if (dir !== root) skipped.push({ file: dir, reason: `a link to a folder already read (${real})` });
        return;
      }
      seen.add(real);
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (dir === root) throw e;
      skipped.push({ file: dir, reason: `folder not read: ${errText(e)}` });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const target = await stat(p);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (err) {
          if (LOG_FILE.test(e.name) || dateOfPath(p + '/')) skipped.push({ file: p, reason: errText(err) });
          continue;
        }
      }
      if (isDir) {
        const day = dateOfPath(p + '/');
        if (day && !dayInRange(day, since, until)) continue;
        await walk(p);
      } else if (!e.name.startsWith('.') && LOG_FILE.test(e.name) && dayInRange(dateOfPath(p), since, until)) {
        if (isFile) files.push(p);
        else skipped.push({ file: p, reason: 'not a regular file (a pipe, socket or device)' });
      }
    }
  }
  await walk(root);
  return { files, skipped };
}

export function parseS3Url(url: string): { bucket: string; prefix: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  return m ? { bucket: m[1], prefix: m[2] } : undefined;
}
