/** Bad input never crashes the loader: any mutation of a snapshot yields a model or a SnapshotError, nothing else. */
import fc from 'fast-check';
import { buildAccountModel, SnapshotError, type RawSnapshot } from '../../lib/account/snapshot';
import { ACCOUNT, CREDENTIAL_REPORT_CSV, META, OPTIONAL_FILES, authorizationDetails, urlEncode } from './fixtures';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const base = (): RawSnapshot => ({
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
});
