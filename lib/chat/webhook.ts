/**
 * Generic HTTPS webhooks: one JSON POST per alert (or weekly summary) to a URL the user keeps in SSM Parameter Store.
 *
 * - HTTPS only (an `http:` or malformed URL is refused before any connection); redirects are not followed (a 3xx is a
 *   failure: the body would otherwise go where the user did not configure it).
 * - Each attempt has a timeout (connection, TLS and response together); a 5xx, 408, 429, a timeout or a network error
 *   is retried with exponential backoff and jitter, up to `retries` times; any other 4xx is final (retrying the same
 *   body cannot succeed).
 * - A whole delivery is bounded by `deadlineMs` (every attempt and wait included): a slow or dead endpoint never holds
 *   the function past it. The caller sends the e-mail first and hands undelivered bodies to the failure queue.
 * - TLS verification is never turned off: a private CA can be given per call (`ca`, the tests' self-signed
 *   certificate), nothing global is changed.
 * The URL is a secret (it often carries a token): it never appears in a result or an error, only the webhook's name.
 */
import { request, type RequestOptions } from 'node:https';

export interface WebhookTarget {
  name: string;
  url: string;
  timeoutMs: number;
  retries: number;
}

export interface WebhookAttempt {
  status?: number;
  error?: string;
  ms: number;
}

export interface WebhookResult {
  name: string;
  ok: boolean;
  /** HTTP status of the last attempt, when one answered. */
  status?: number;
  attempts: WebhookAttempt[];
  /** Why it was not delivered (final status, timeout, refused URL, deadline). */
  reason?: string;
}

export interface WebhookOptions {
  /** Extra trusted CA certificates (PEM) for this call only. */
  ca?: string | Buffer;
  /** Base of the exponential backoff (ms). Default 200. */
  backoffMs?: number;
  /** Bound on the whole delivery (ms). Default 15 000. */
  deadlineMs?: number;
  /** Jitter source (tests pass a constant). */
  random?: () => number;
  /** Longest response body read (bytes); the rest is discarded. Default 4 KB. */
  maxResponseBytes?: number;
}

export class WebhookUrlError extends Error {
  constructor(readonly webhook: string, problem: string) {
    super(`webhook ${webhook}: ${problem}`);
    this.name = 'WebhookUrlError';
  }
}

/** The URL, checked: https only, a host, no whitespace. Throws WebhookUrlError (naming the webhook, not the URL). */
export function checkWebhookUrl(name: string, raw: string): URL {
  const s = raw.trim();
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new WebhookUrlError(name, 'the URL in its parameter is not a valid URL');
  }
  if (url.protocol !== 'https:') throw new WebhookUrlError(name, `only https:// URLs are allowed (got ${url.protocol}//)`);
  if (url.hostname === '') throw new WebhookUrlError(name, 'the URL has no host');
  return url;
}

/** Retryable outcome of one attempt: 5xx, 408, 429, or no answer at all. */
export function isRetryable(a: WebhookAttempt): boolean {
  if (a.status === undefined) return true;
  return a.status >= 500 || a.status === 408 || a.status === 429;
}

function once(url: URL, body: string, timeoutMs: number, opts: WebhookOptions): Promise<WebhookAttempt> {
  const started = Date.now();
  const max = opts.maxResponseBytes ?? 4096;
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: Omit<WebhookAttempt, 'ms'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...a, ms: Date.now() - started });
    };
    const options: RequestOptions = {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'user-agent': 'iam-guardian-webhook/1' },
      // A private CA for this request only; rejectUnauthorized stays true (the default) in every case.
      ...(opts.ca ? { ca: opts.ca } : {}),
      agent: false,
    };
    const req = request(url, options, (res) => {
      let seen = 0;
      res.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > max) res.destroy();
      });
      const finish = (): void => done({ status: res.statusCode });
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ error: `timed out after ${timeoutMs} ms` });
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => done({ error: err.code ?? err.message }));
    req.end(body);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Delivers `body` to one webhook (see the module comment). Never throws. */
export async function postWebhook(target: WebhookTarget, body: string, opts: WebhookOptions = {}): Promise<WebhookResult> {
  const attempts: WebhookAttempt[] = [];
  let url: URL;
  try {
    url = checkWebhookUrl(target.name, target.url);
  } catch (err) {
    return { name: target.name, ok: false, attempts, reason: (err as Error).message };
  }
  const deadline = Date.now() + (opts.deadlineMs ?? 15_000);
  const random = opts.random ?? Math.random;
  const base = opts.backoffMs ?? 200;
  for (let i = 0; i <= target.retries; i++) {
    const left = deadline - Date.now();
    if (left <= 0) return { name: target.name, ok: false, attempts, status: attempts.at(-1)?.status, reason: `gave up at the ${opts.deadlineMs ?? 15_000} ms deadline after ${attempts.length} attempt(s)` };
    const a = await once(url, body, Math.min(target.timeoutMs, left), opts);
    attempts.push(a);
    if (a.status !== undefined && a.status >= 200 && a.status < 300) return { name: target.name, ok: true, status: a.status, attempts };
    if (!isRetryable(a)) return { name: target.name, ok: false, status: a.status, attempts, reason: `HTTP ${a.status} (not retried)` };
    if (i < target.retries) {
      // Exponential backoff with jitter (half fixed, half random), never past the deadline.
      const wait = Math.min(base * 2 ** i * (0.5 + random() / 2), Math.max(0, deadline - Date.now()));
      await sleep(wait);
    }
  }
  const last = attempts.at(-1);
  return { name: target.name, ok: false, status: last?.status, attempts, reason: `${last?.status !== undefined ? `HTTP ${last.status}` : last?.error ?? 'no answer'} after ${attempts.length} attempt(s)` };
}
