/** Bad input never crashes the loader: any mutation of a snapshot yields a model or a SnapshotError, nothing else; generated credential reports reach the model. */
import fc from 'fast-check';
import { buildAccountModel, SnapshotError, type RawSnapshot } from '../../lib/account/snapshot';
import { ACCOUNT, CREDENTIAL_REPORT_CSV, META, OPTIONAL_FILES, authorizationDetails, urlEncode } from './fixtures';
import { CREDENTIAL_REPORT_COLUMNS } from '../support/posture-fixtures';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A fresh copy each time: the mutation property edits it in place, and the fixtures are shared. */
const base = (): RawSnapshot => structuredClone({
  meta: { ...META },
  authorizationDetails: authorizationDetails(urlEncode),
  credentialReport: { csv: CREDENTIAL_REPORT_CSV },
  accountSummary: { SummaryMap: { AccountMFAEnabled: 1 } },
  passwordPolicy: OPTIONAL_FILES['password-policy.json'],
  virtualMfaDevices: OPTIONAL_FILES['virtual-mfa-devices.json'],
  cloudtrail: OPTIONAL_FILES['cloudtrail.json'],
  serverCertificates: OPTIONAL_FILES['server-certificates.json'],
  accessAnalyzers: OPTIONAL_FILES['access-analyzers.json'],
  notCollected: {},
});

/** Every path (list of keys) inside a JSON value. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let cur: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) cur = cur[path[i]] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.constant('%7B%22Statement%22%3A%5B'),
  fc.constant('x'.repeat(200_000)),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constant(new Date('invalid')),
);

describe('buildAccountModel on mutated snapshots', () => {
  const template = base() as unknown as Record<string, unknown>;
  const all = paths(template).filter((p) => p.length > 0 && !(p[0] === 'credentialReport'));

  it('returns a model or throws SnapshotError naming a file, for any field replaced by anything', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...all), weird), { minLength: 1, maxLength: 4 }), (mutations) => {
        const raw = base() as unknown as Record<string, unknown>;
        for (const [p, v] of mutations) {
          try {
            setAt(raw, p, v);
          } catch {
            // the path no longer exists after an earlier mutation
          }
        }
        try {
          const m = buildAccountModel(raw as unknown as RawSnapshot);
          expect(m.accountId).toMatch(/^\d{12}$/);
        } catch (e) {
          expect(e).toBeInstanceOf(SnapshotError);
          expect((e as SnapshotError).file).toMatch(/\.(json|csv)$/);
        }
      }),
      { numRuns: 250 },
    );
  });

  it('a credential report of random text parses or is a SnapshotError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (csv) => {
        try {
          buildAccountModel({ ...base(), credentialReport: { csv } });
        } catch (e) {
          expect(e).toBeInstanceOf(SnapshotError);
          expect((e as SnapshotError).file).toBe('credential-report.csv');
        }
      }),
      { numRuns: 300 },
    );
    expect(ACCOUNT).toBe(META.accountId);
  });

  /**
   * Credential reports as GetCredentialReport returns them (header, <root_account>, users with AWS's value shapes:
   * ISO dates, true/false, N/A, no_information, not_supported), some then damaged (a cell with a comma or a quote,
   * a row cut short, a missing user column, CRLF, a byte-order mark, an empty line). Every one parses or is a
   * SnapshotError naming the file; the undamaged and harmlessly changed ones parse with every user; most reach the model.
   */
  it('generated credential reports, some damaged, parse with every user or are a SnapshotError; most reach the model', () => {
    const date = fc.integer({ min: Date.parse('2015-01-01'), max: Date.parse('2026-11-27') }).map((t) => new Date(t).toISOString().replace(/\.\d{3}Z$/, '+00:00'));
    const value = (col: string): fc.Arbitrary<string> => {
      if (/_active$|password_enabled/.test(col)) return fc.constantFrom('true', 'false');
      if (/(_time|_last_used|_last_changed|_last_rotated|_last_used_date|_next_rotation)$/.test(col)) return fc.oneof(date, fc.constantFrom('N/A', 'no_information', 'not_supported'));
      if (/_region$/.test(col)) return fc.constantFrom('us-east-1', 'eu-west-1', 'N/A');
      if (/_service$/.test(col)) return fc.constantFrom('s3', 'iam', 'sts', 'N/A');
      return fc.constant('N/A');
    };
    const userName = fc.stringMatching(/^[A-Za-z0-9+=.@_-]{1,20}$/).filter((n) => n !== '<root_account>');
    const row = (name: string) =>
      fc.tuple(...CREDENTIAL_REPORT_COLUMNS.slice(2).map(value)).map((cells) => [name, name === '<root_account>' ? `arn:aws:iam::${ACCOUNT}:root` : `arn:aws:iam::${ACCOUNT}:user/${name}`, ...cells]);
    const report = fc
      .uniqueArray(userName, { maxLength: 6 })
      .chain((names) => fc.tuple(...['<root_account>', ...names].map(row)).map((rows) => ({ names: ['<root_account>', ...names], rows })));
    type Damage = 'none' | 'crlf' | 'bom' | 'blank-line' | 'comma-in-cell' | 'quote-in-cell' | 'short-row' | 'no-user-column';
    const HARMLESS: Damage[] = ['none', 'crlf', 'bom', 'blank-line'];
    const damage = fc.constantFrom<Damage>('none', 'none', 'none', 'crlf', 'bom', 'blank-line', 'comma-in-cell', 'quote-in-cell', 'short-row', 'no-user-column');
    let generated = 0;
    let parsed = 0;
    fc.assert(
      fc.property(report, damage, fc.nat(), ({ names, rows }, d, pick) => {
        generated++;
        const lines = [[...CREDENTIAL_REPORT_COLUMNS], ...rows.map((r) => [...r])];
        const r = lines[1 + (pick % rows.length)];
        const c = 2 + (pick % (r.length - 2));
        if (d === 'comma-in-cell') r[c] = `${r[c]},x`;
        if (d === 'quote-in-cell') r[c] = `${r[c]}"x`;
        if (d === 'short-row') r.splice(c);
        if (d === 'no-user-column') for (const l of lines) l.splice(0, 1);
        let csv = lines.map((l) => l.join(',')).join(d === 'crlf' ? '\r\n' : '\n');
        if (d === 'bom') csv = `\uFEFF${csv}`;
        if (d === 'blank-line') csv = csv.replace('\n', '\n\n');
        let users: string[] | undefined;
        try {
          users = buildAccountModel({ ...base(), credentialReport: { csv } }).credentialReport?.rows.map((x) => x.user);
          parsed++;
        } catch (e) {
          expect(e).toBeInstanceOf(SnapshotError);
          expect((e as SnapshotError).file).toBe('credential-report.csv');
        }
        if (HARMLESS.includes(d)) expect({ damage: d, users }).toEqual({ damage: d, users: names });
        if (d === 'comma-in-cell' || d === 'short-row' || d === 'no-user-column') expect({ damage: d, users }).toEqual({ damage: d, users: undefined });
      }),
      { numRuns: 300 },
    );
    const share = parsed / generated;
    process.stdout.write(`generated credential reports passing the parser: ${parsed}/${generated} (${(share * 100).toFixed(0)}%)\n`);
    expect(share).toBeGreaterThanOrEqual(0.5);
  });
});
