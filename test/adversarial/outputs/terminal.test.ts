/**
 * Terminal control characters (issue 12): ESC/OSC/CR/BS/C1 and bidi controls in names, ARNs, event ids, user agents,
 * file names and JSON error excerpts must reach the terminal as visible escapes in `score`, `sweep`, `check-policy`
 * and `replay` output (text), while `--json` output still parses back to the exact hostile values.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { main } from '../../../lib/cli/main';
import { memoryIo, terminalSafe } from '../../../lib/cli/io';
import { escapeControls } from '../../../lib/text/escape';
import { BIDI_PAYLOADS, DANGEROUS_CHARS, RAW_DANGEROUS, SHELL_PAYLOADS, TERMINAL_PAYLOADS } from './corpus';
import { checkPolicyDocument, checkPolicyText } from '../../../lib/cli/commands/check-policy';
import { parsePolicyDocument } from '../../../lib/policy/document';
import { testSeed } from '../../support/seed';

const ROOT = join(__dirname, '..', '..', '..');
const EVENT = JSON.parse(readFileSync(join(ROOT, 'events', 'create-access-key-other-user.json'), 'utf8')) as { detail: Record<string, unknown> & { requestParameters: { userName: string } } };
const HOSTILE = [...TERMINAL_PAYLOADS, ...BIDI_PAYLOADS].map((p) => p.value);
const ESC_FILE = 'evil\u001b]0;owned\u0007\u202e.json';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamg-term-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const io = memoryIo(dir);
  const code = await main(['node', 'iam-guardian', ...args], io);
  return { code, out: io.stdout, err: io.stderr, all: io.stdout + io.stderr };
}

function hostileEvent(i: number, v: string) {
  const e = structuredClone(EVENT);
  e.detail.requestParameters.userName = v;
  e.detail.eventID = `id-${i}-${v}`;
  e.detail.userAgent = `aws-cli/2 ${v}`;
  return e;
}

describe('the output filter', () => {
  it('makes every dangerous character visible and keeps line breaks and tabs', () => {
    for (const c of DANGEROUS_CHARS) {
      const out = terminalSafe(`a${c}b`);
      if (c === '\n' || c === '\t') expect(out).toBe(`a${c}b`);
      else {
        expect(out).not.toMatch(RAW_DANGEROUS);
        expect(out).toMatch(/^a\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[rbfv0])b$/);
      }
    }
    expect(terminalSafe('\u001b[2J')).toBe('\\x1b[2J');
    expect(terminalSafe('a\rb')).toBe('a\\rb');
    expect(terminalSafe('\u009b')).toBe('\\u009b');
    expect(escapeControls('x\ny')).toBe('x\\ny');
  });

  it('property: no raw control, bidi or lone surrogate survives; safe text is unchanged', () => {
    const seed = testSeed('terminal filter property');
    const hostileChar = fc.oneof(fc.constantFrom(...DANGEROUS_CHARS, '\ud800', '\udfff'), fc.string({ unit: 'binary', maxLength: 1 }));
    fc.assert(
      fc.property(fc.array(hostileChar, { maxLength: 60 }).map((a) => a.join('')), (s) => {
        const out = terminalSafe(s);
        // Kept on purpose: LF, tab and the CRLF pair (CSV line ends; a CR right before LF overwrites nothing).
        expect(out.replace(/\r\n|[\n\t]/g, '')).not.toMatch(RAW_DANGEROUS);
        expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }),
      { seed, numRuns: 300 },
    );
    // Ordinary text (any printable Unicode, newlines, tabs) passes unchanged.
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        fc.pre(!RAW_DANGEROUS.test(s.replace(/\r\n|[\n\t]/g, '')));
        expect(terminalSafe(s)).toBe(s);
      }),
      { seed, numRuns: 200 },
    );
  });
});

describe('score', () => {
  it('text: hostile names, event ids, user agents and file names are escaped, one line each', async () => {
    const files = HOSTILE.map((v, i) => {
      const f = join(dir, `ev-${i}.json`);
      writeFileSync(f, JSON.stringify(hostileEvent(i, v)));
      return f;
    });
    const escFile = join(dir, ESC_FILE);
    writeFileSync(escFile, JSON.stringify(hostileEvent(99, 'x\u001b[31m')));
    const r = await run(['score', ...files, escFile]);
    expect(r.code).toBe(0);
    expect(r.all).not.toMatch(RAW_DANGEROUS);
    expect(r.out).toContain('\\x1b[2J');
    expect(r.out).toContain('\\u202e');
    expect(r.out).toContain('evil\\x1b]0;owned\\x07\\u202e.json');
    // A CR in a name cannot rewrite the line: it is visible.
    expect(r.out).toContain('dave\\rroot-sign-in OK');
  });

  it('--json: parses back to the exact hostile values', async () => {
    const files = HOSTILE.map((v, i) => {
      const f = join(dir, `evj-${i}.json`);
      writeFileSync(f, JSON.stringify(hostileEvent(i, v)));
      return f;
    });
    const r = await run(['score', '--json', ...files]);
    expect(r.all).not.toMatch(RAW_DANGEROUS);
    const ids = r.out.trimEnd().split('\n').map((l) => (JSON.parse(l) as { eventId: string }).eventId);
    expect(ids).toEqual(HOSTILE.map((v, i) => `id-${i}-${v}`));
  });

  it('a JSON error excerpt and a file name with controls are escaped on stderr', async () => {
    const bad = join(dir, 'bad\u001b[2J\u009b.json');
    writeFileSync(bad, '{"Records": [\u001b]0;owned\u0007 \u001b[2J');
    const r = await run(['score', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad\\x1b[2J\\u009b.json');
    expect(r.all).not.toMatch(RAW_DANGEROUS);
  });
});

describe('sweep, check-policy, replay', () => {
  it('sweep --snapshot: hostile user names in the snapshot are escaped in the text report', async () => {
    const snap = join(dir, 'snap');
    cpSync(join(ROOT, 'samples', 'snapshots', 'messy'), snap, { recursive: true });
    for (const f of ['authorization-details.json', 'credential-report.csv']) {
      const p = join(snap, f);
      // JSON-escaped in the JSON file, raw in the CSV (both are how an attacker's name would be stored).
      const name = f.endsWith('.json') ? JSON.stringify('intern\u001b]0;owned\u0007\u202ecarl').slice(1, -1) : 'intern\u001b]0;owned\u0007\u202ecarl';
      writeFileSync(p, readFileSync(p, 'utf8').replace(/intern-carl/g, name));
    }
    const r = await run(['sweep', '--snapshot', snap]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('intern\\x1b]0;owned\\x07\\u202ecarl');
    expect(r.all).not.toMatch(RAW_DANGEROUS);
    const j = await run(['sweep', '--snapshot', snap, '--json']);
    expect(j.out).toContain('intern\\u001b]0;owned\\u0007\\u202ecarl');
    expect(JSON.stringify(JSON.parse(j.out))).toContain('\\u001b]0;owned');
  });

  it('check-policy: hostile actions and resources, and a hostile file name', async () => {
    const f = join(dir, 'pol\u001b[1mx.json');
    writeFileSync(f, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:Pass\u001b[2JRole', 's3:Get*\u009b'], Resource: 'arn:aws:s3:::b\u202e/*' }] }));
    const r = await run(['check-policy', f]);
    expect(r.all).not.toMatch(RAW_DANGEROUS);
    expect(r.all).toContain('\\x1b[2J');
    const bad = join(dir, 'bad-pol.json');
    writeFileSync(bad, '{"Statement": \u001b[2J}');
    const b = await run(['check-policy', bad]);
    expect(b.code).toBe(1);
    expect(b.all).not.toMatch(RAW_DANGEROUS);
  });

  it('replay: hostile names in records and a hostile log file name', async () => {
    const d = join(dir, 'archive');
    cpSync(join(dir, 'ev-0.json'), join(d, 'placeholder.json'), { recursive: true });
    rmSync(join(d, 'placeholder.json'));
    writeFileSync(join(d, `111122223333_CloudTrail_us-east-1_\u001b]0;x\u0007.json`), JSON.stringify({ Records: HOSTILE.map((v, i) => hostileEvent(i, v).detail) }));
    writeFileSync(join(d, 'broken\u001b[2J.json'), '{"Records": [\u001b[2J');
    const r = await run(['replay', d, '--workers', '0']);
    expect(r.all).not.toMatch(RAW_DANGEROUS);
    expect(r.all).toContain('\\x1b');
  });
});

describe('check-policy text under generated hostile documents', () => {
  it('property: hostile actions, resources, principals and conditions never reach the terminal raw', () => {
    const seed = testSeed('check-policy output property');
    const piece = fc.constantFrom(...DANGEROUS_CHARS, ...SHELL_PAYLOADS.map((p) => p.payload), ...BIDI_PAYLOADS.map((p) => p.value), 'iam:', 's3:Get', '*', 'arn:aws:s3:::b/');
    const text = fc.array(piece, { minLength: 1, maxLength: 5 }).map((a) => a.join(''));
    const stmt = fc.record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      Action: fc.array(fc.oneof(text, fc.constantFrom('iam:PassRole', 'iam:*', 'lambda:CreateFunction', '*')), { minLength: 1, maxLength: 4 }),
      Resource: fc.oneof(text, fc.constant('*')),
    });
    fc.assert(
      fc.property(fc.array(stmt, { minLength: 1, maxLength: 4 }), text, (statements, fileName) => {
        const parsed = parsePolicyDocument({ Version: '2012-10-17', Statement: statements });
        if (!parsed.ok) return;
        const out = terminalSafe(checkPolicyText(fileName, checkPolicyDocument(parsed.document, [], {})));
        expect(out.replace(/[\n\t]/g, '')).not.toMatch(RAW_DANGEROUS);
        // Every line is the renderer's own: no value forged one (the first line is the file name and the verdict).
        expect(out.split('\n')[0]).toMatch(/: (INVALID|ADMIN-EQUIVALENT|PUBLIC|PRIVILEGE ESCALATION|CROSS-ACCOUNT|FULL ACCESS|BROAD|GRANTS NOTHING|LEAST-PRIVILEGE|PRIVATE): /);
        expect(out).toMatch(/\n {2}(ADMIN-EQUIVALENT|Not admin-equivalent)\n/);
      }),
      { seed, numRuns: 150 },
    );
  });
});
