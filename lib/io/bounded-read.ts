/**
 * Bounded reads of input files: a file (or what a gzip file inflates to) larger than the limit is reported as too
 * large, named, instead of filling memory. `score /dev/zero` and a 4.6 MB gzip bomb that inflates to 1 GiB stop
 * after reading the limit + 1 byte (the inflater is stopped by zlib's maxOutputLength, not after the fact).
 *
 * The default limit (256 MiB per file, after inflating) is far above CloudTrail's real log files (a few MB, rarely
 * above 50 MB inflated) and snapshot files; `IAM_GUARDIAN_MAX_INPUT_MB` changes it.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { gunzip, gunzipSync } from 'node:zlib';

export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** A file whose content (or inflated content) is larger than the limit. */
export class FileTooLargeError extends Error {
  readonly problem: string;
  readonly limit: number;
  constructor(problem: string, limit: number) {
    super(problem);
    this.name = 'FileTooLargeError';
    this.problem = problem;
    this.limit = limit;
  }
}

/** The per-file limit in bytes: `IAM_GUARDIAN_MAX_INPUT_MB` (a positive number of MiB) or the default. */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.IAM_GUARDIAN_MAX_INPUT_MB;
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_INPUT_BYTES;
  const mb = Number(raw);
  return Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 * 1024) : DEFAULT_MAX_INPUT_BYTES;
}

export function describeBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}

/** The error for content (`what`: "the file", "its content once inflated") beyond `limit` bytes. */
export function tooLarge(what: string, limit: number): FileTooLargeError {
  return new FileTooLargeError(
    `${what} is larger than the ${describeBytes(limit)} limit per file (set IAM_GUARDIAN_MAX_INPUT_MB to raise it); it was not read`,
    limit,
  );
}

const CHUNK = 1024 * 1024;

/** Reads at most `limit` bytes of a file (also a FIFO or a device: it never trusts the file's stated size). */
export async function readBoundedFile(path: string, limit = maxInputBytes()): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      chunks.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
      if (total > limit) throw tooLarge('the file', limit);
    }
    return Buffer.concat(chunks, total);
  } finally {
    await fh.close();
  }
}

/** Synchronous twin of readBoundedFile, as UTF-8 text (configuration files). */
export function readBoundedTextSync(path: string, limit = maxInputBytes()): string {
  return readBoundedFileSync(path, limit).toString('utf8');
}

/** Synchronous twin of readBoundedFile (replay workers read synchronously). */
export function readBoundedFileSync(path: string, limit = maxInputBytes()): Buffer {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    // A regular file is read into one buffer of its size + 1 byte (a short read, then a small read that says end of
    // file), not into CHUNK-sized buffers: a replay reads thousands of 40–80 KB log files, and a fresh 1 MiB buffer
    // or two for each cost reading time and garbage collection (measured). Anything else (a pipe, /dev/zero, a file
    // that grows while read) goes on in CHUNK reads, still stopping at the limit + 1 byte.
    let next = CHUNK;
    try {
      const size = fstatSync(fd).size;
      if (size > 0) next = Math.min(size + 1, CHUNK * 64);
    } catch {
      // no size: CHUNK reads
    }
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(next, limit + 1 - total));
      const bytesRead = readSync(fd, buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      // After a short read the file has most likely ended: the next read only needs to confirm it.
      next = bytesRead < buf.length ? 4096 : CHUNK;
      total += bytesRead;
      chunks.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
      if (total > limit) throw tooLarge('the file', limit);
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/**
 * Inflates gzip data, stopping as soon as the output passes `limit` (zlib's maxOutputLength aborts the inflater:
 * memory stays at the limit whatever the compression ratio). Throws FileTooLargeError, or zlib's error for corrupt data.
 */
export function gunzipBounded(data: Uint8Array, limit = maxInputBytes()): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    gunzip(data, { maxOutputLength: limit }, (err, out) => {
      if (!err) return resolvePromise(out);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) return reject(tooLarge('the file once inflated', limit));
      reject(err);
    });
  });
}

/** Synchronous twin of gunzipBounded; `chunkSize` is only a hint for zlib's output buffers. */
export function gunzipBoundedSync(data: Uint8Array, limit = maxInputBytes(), chunkSize?: number): Buffer {
  try {
    return gunzipSync(data, chunkSize ? { maxOutputLength: limit, chunkSize: Math.min(chunkSize, Math.max(limit + 1, 64 * 1024)) } : { maxOutputLength: limit });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooLarge('the file once inflated', limit);
    throw err;
  }
}
