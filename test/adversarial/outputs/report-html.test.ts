/**
 * HTML from stored history (issue 12): hostile values in the history folder and the state table (severity, status,
 * titles, resources, alert lines, sweep count keys) are validated on read (a warning naming the record and a safe
 * value, never a silent drop) and every value is escaped in the report, which also forbids scripts with a CSP.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../../lib/cli/main';
import { memoryIo } from '../../../lib/cli/io';
import { FileStore } from '../../../lib/store/file';
import { DynamoStore } from '../../../lib/aws/dynamo-store';
import { REPORT_CSP, renderReportHtml } from '../../../lib/report/html';
import { buildWeeklyReport } from '../../../lib/report/model';
import { DEFAULT_CONFIG } from '../../../lib/config/types';
import { HTML_PAYLOADS, RAW_DANGEROUS } from './corpus';

const ACCOUNT = '210987654321';
const HISTORY = join(__dirname, '..', '..', '..', 'samples', 'history');

/** Markup a browser would execute or load: script elements, event-handler attributes, javascript: URLs, frames, refresh. */
function executableMarkup(html: string): string[] {
  const bad: string[] = [];
  for (const m of html.matchAll(/<\s*(script|iframe|object|embed|img|link|base|form)\b[^>]*>/gi)) bad.push(m[0]);
  // Attributes of every tag, as a browser tokenises them (quoted values may hold anything but their quote).
  for (const tag of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g)) {
    for (const a of tag[2].matchAll(/\s+([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const name = a[1].toLowerCase();
      const value = (a[2] ?? '').replace(/^["']|["']$/g, '').trim().toLowerCase();
      if (name.startsWith('on')) bad.push(`${tag[1]} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name) && /^(javascript|data|vbscript):/.test(value)) bad.push(`${tag[1]} ${name}=${value}`);
    }
  }
  for (const m of html.matchAll(/<meta[^>]*http-equiv\s*=\s*["']?refresh/gi)) bad.push(m[0]);
  return bad;
}

function hostileHistory(dir: string): void {
  cpSync(HISTORY, dir, { recursive: true });
  const fFile = join(dir, `${ACCOUNT}.findings.json`);
  const findings = JSON.parse(readFileSync(fFile, 'utf8')) as Record<string, Record<string, unknown>>;
  const keys = Object.keys(findings);
  HTML_PAYLOADS.forEach((p, i) => {
    const f = findings[keys[i % keys.length]];
    f.severity = p;
    f.title = `${p} title \u202e`;
    f.resource = `arn:aws:iam::${ACCOUNT}:user/${p}`;
    f.message = `${p}\u001b[2J`;
    f.ruleId = i % 2 ? p : f.ruleId;
    f.fix = { console: [p], cli: `aws iam x ${p}` };
  });
  findings[keys[keys.length - 1]].status = '<img src=x onerror=alert(9)>';
  findings['not-an-object'] = 'just a string' as unknown as Record<string, unknown>;
  writeFileSync(fFile, JSON.stringify(findings));
  const aFile = join(dir, `${ACCOUNT}.alerts.json`);
  const alerts = JSON.parse(readFileSync(aFile, 'utf8')) as Record<string, unknown>[];
  alerts.forEach((a, i) => {
    a.severity = HTML_PAYLOADS[i % HTML_PAYLOADS.length];
    a.actor = HTML_PAYLOADS[(i + 1) % HTML_PAYLOADS.length];
    a.lines = [HTML_PAYLOADS[(i + 2) % HTML_PAYLOADS.length]];
    a.ruleIds = [HTML_PAYLOADS[(i + 3) % HTML_PAYLOADS.length]];
  });
  writeFileSync(aFile, JSON.stringify(alerts));
  const sFile = join(dir, `${ACCOUNT}.sweeps.json`);
  const sweeps = JSON.parse(readFileSync(sFile, 'utf8')) as Record<string, unknown>[];
  const last = sweeps[sweeps.length - 1];
  last.counts = { ...(last.counts as object), '<script>alert(1)</script>': 3 };
  last.rules = { ...(last.rules as object), '<svg onload=alert(3)>': { checked: 1, failed: 1, severity: '"><script>alert(4)</script>' } };
  writeFileSync(sFile, JSON.stringify(sweeps));
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamg-html-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report from a hostile history folder', () => {
  it('writes no executable markup, has the CSP, and warns about each bad record', async () => {
    const hist = join(dir, 'history');
    hostileHistory(hist);
    const io = memoryIo(dir);
    const code = await main(['node', 'iam-guardian', 'report', '--history', hist, '--html', join(dir, 'r.html')], io);
    expect(code).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(executableMarkup(html)).toEqual([]);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toMatch(/script-src 'none'/);
    expect(html).not.toMatch(RAW_DANGEROUS);
    // The hostile text is still shown (escaped), not dropped.
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('\\u202e');
    // Warnings name the file, the record and the field; the unreadable record is reported, not silently dropped.
    expect(io.stderr).toMatch(/warning: .*findings\.json: finding "[0-9a-f]+": unknown severity "<script>alert\(1\)<\/script>" .*read as high/);
    expect(io.stderr).toMatch(/warning: .*unknown status .*read as open/);
    expect(io.stderr).toMatch(/warning: .*a stored finding is not an object .*skipped/);
    expect(io.stderr).toMatch(/warning: .*alerts\.json: alert .*unknown severity/);
    expect(io.stderr).toMatch(/warning: .*sweeps\.json: sweep .*unknown severity key in counts/);
    // Text e-mail: one line per value, nothing raw.
    expect(io.stdout).not.toMatch(RAW_DANGEROUS);
  });

  it('the report has no scripts of its own (CSP script-src none costs nothing)', () => {
    const r = buildWeeklyReport({ account: ACCOUNT, now: '2026-11-23T07:00:00Z', sweeps: [], findings: [], alerts: [], config: DEFAULT_CONFIG, source: 'test' });
    const html = renderReportHtml(r);
    expect(html).not.toMatch(/<script/i);
    expect(executableMarkup(html)).toEqual([]);
  });

  it('escapes a hostile severity even when it bypasses validation (pill)', () => {
    const findings = JSON.parse(readFileSync(join(HISTORY, `${ACCOUNT}.findings.json`), 'utf8')) as Record<string, Record<string, unknown>>;
    const list = Object.values(findings).slice(0, 3);
    const r = buildWeeklyReport({ account: ACCOUNT, now: '2026-11-23T07:00:00Z', sweeps: [], findings: list as never, alerts: [], config: DEFAULT_CONFIG, source: 'test' });
    const target = r.open[0] ?? r.newThisWeek[0]?.finding;
    expect(target).toBeDefined();
    const hostile = { ...target!, severity: '"><script>alert(1)</script>' } as unknown as typeof target & object;
    r.newThisWeek = [{ finding: hostile, at: '2026-11-22T03:00:00Z' }] as typeof r.newThisWeek;
    const html = renderReportHtml(r);
    expect(executableMarkup(html)).toEqual([]);
    expect(html).toContain('<span class="pill sev-unknown">&quot;&gt;&lt;script&gt;');
  });

  it('FileStore: bad severities and statuses become safe values with warnings', async () => {
    const hist = join(dir, 'history2');
    hostileHistory(hist);
    const store = new FileStore(hist);
    const findings = await store.getFindings(ACCOUNT);
    expect(findings.every((f) => ['info', 'low', 'medium', 'high', 'critical'].includes(f.severity))).toBe(true);
    expect(findings.every((f) => ['new', 'open', 'resolved', 'suppressed'].includes(f.status))).toBe(true);
    expect(findings.filter((f) => f.title.includes('title'))).toHaveLength(HTML_PAYLOADS.length);
    expect(store.warnings.length).toBeGreaterThanOrEqual(HTML_PAYLOADS.length + 2);
  });
});

describe('DynamoStore read path', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  afterEach(() => ddb.reset());

  it('validates findings, sweeps and alerts read from the table', async () => {
    ddb.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => {
      const b = input.ExpressionAttributeValues[':b'] ?? input.ExpressionAttributeValues[':from'];
      if (b.startsWith('FINDING#'))
        return {
          Items: [
            { pk: `ACCOUNT#${ACCOUNT}`, sk: 'FINDING#a', type: 'finding', uid: 'a', ruleId: 'admin-access', kind: 'posture', severity: 'high"><script>alert(1)</script>', status: 'pwned', account: ACCOUNT, resource: 'r', controls: [], title: 't', message: 'm', fix: { console: [], cli: '' }, firstSeen: '2026-11-01T00:00:00Z', lastSeen: '2026-11-01T00:00:00Z', evidence: {} },
            { pk: `ACCOUNT#${ACCOUNT}`, sk: 'FINDING#b', type: 'finding', uid: 'b', ruleId: 'root-mfa-disabled', kind: 'posture', severity: 'critical', status: 'open', account: ACCOUNT, resource: 'r2', controls: 'IAM.9', title: 42, message: 'm', fix: { console: [], cli: '' }, firstSeen: '2026-11-01T00:00:00Z', lastSeen: '2026-11-01T00:00:00Z', evidence: {} },
          ],
        };
      if (b.startsWith('SWEEP#')) return { Items: [{ pk: 'p', sk: 'SWEEP#2026-11-02T03:00:00.000Z', account: ACCOUNT, time: '2026-11-02T03:00:00.000Z', score: 'NaN', counts: { critical: 1, '<b>': 2 } }] };
      return { Items: [{ pk: 'p', sk: 'ALERT#x', account: ACCOUNT, eventId: 'e', time: '2026-11-02T03:00:00.000Z', ruleIds: ['x'], severity: 'javascript:alert(1)', score: 80, subject: 's', lines: ['l'] }] };
    });
    const warnings: string[] = [];
    const store = new DynamoStore(new DynamoDBClient({ region: 'us-east-1' }), 'state', { onWarning: (m) => warnings.push(m) });
    const [f, s, a] = [await store.getFindings(ACCOUNT), await store.listSweeps(ACCOUNT, '2026-10-01T00:00:00Z'), await store.listAlerts(ACCOUNT, '2026-10-01T00:00:00Z')];
    expect(f.map((x) => [x.uid, x.severity, x.status])).toEqual([
      ['a', 'high', 'open'],
      ['b', 'critical', 'open'],
    ]);
    expect(f[1].title).toBe('(untitled finding)');
    expect(f[1].controls).toEqual([]);
    expect(s[0].score).toBe(0);
    expect(s[0].counts).toEqual({ info: 0, low: 0, medium: 0, high: 2, critical: 1 });
    expect(a[0].severity).toBe('high');
    expect(warnings.join('\n')).toMatch(/table state: finding "a": unknown severity/);
    expect(warnings.join('\n')).toMatch(/finding "a": unknown status "pwned"/);
    expect(warnings.join('\n')).toMatch(/finding "b": field title is not a string/);
    expect(warnings.join('\n')).toMatch(/sweep .*field score is not a number/);
    expect(warnings.join('\n')).toMatch(/alert "e": unknown severity "javascript:alert\(1\)"/);
  });
});
