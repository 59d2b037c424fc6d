/**
 * The sample snapshots' last-accessed.json (IAM last-accessed data for unused-permissions): what
 * scripts/generate-last-accessed.ts builds from each sample (the collector's scope, the granted services, the usage
 * stories), in the shape the collector writes (GetServiceLastAccessedDetails output per principal, ACTION_LEVEL).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountModel } from '../../lib/account/model';
import { loadSnapshot } from '../../lib/account/snapshot';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { lastAccessedScope } from '../../lib/last-accessed/scope';
import { SAMPLES, TRACKED_SERVICES, buildSampleLastAccessed, fileText, sampleDir } from '../../scripts/generate-last-accessed';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface FileTracked { ActionName: string; LastAccessedTime?: string; LastAccessedRegion?: string; LastAccessedEntity?: string }
interface FileService {
  ServiceName: string;
  ServiceNamespace: string;
  LastAuthenticated?: string;
  LastAuthenticatedEntity?: string;
  LastAuthenticatedRegion?: string;
  TotalAuthenticatedEntities: number;
  TrackedActionsLastAccessed?: FileTracked[];
}
interface FilePrincipal { Arn: string; JobStatus: string; JobType: string; JobCreationDate: string; JobCompletionDate: string; ServicesLastAccessed: FileService[] }
interface File { scope: string; unusedDays: number; principals: FilePrincipal[]; notEvaluated: unknown[]; calls: number }

const models = new Map<string, AccountModel>();
beforeAll(async () => {
  for (const s of SAMPLES) models.set(s, await loadSnapshot(sampleDir(s)));
});
const model = (s: string) => models.get(s) as AccountModel;
const read = (s: string) => readFileSync(join(sampleDir(s as (typeof SAMPLES)[number]), 'last-accessed.json'), 'utf8');

describe.each(SAMPLES)('samples/snapshots/%s/last-accessed.json', (sample) => {
  it('is what scripts/generate-last-accessed.ts builds (regenerate: node bin/run-ts.js scripts/generate-last-accessed.ts)', () => {
    expect(read(sample)).toBe(fileText(buildSampleLastAccessed(model(sample), sample)));
  });

  it("holds exactly the principals the collector's default scope selects, with the sample's ARNs, sorted as the collector sorts them", () => {
    const file = JSON.parse(read(sample)) as File;
    const scope = lastAccessedScope(model(sample), DEFAULT_CONFIG);
    const arns = file.principals.map((p) => p.Arn);
    expect([...arns].sort()).toEqual(scope.selected.map((p) => p.arn).sort());
    expect(arns).toEqual([...arns].sort((a, b) => a.localeCompare(b)));
    const known = new Set([...model(sample).users.map((u) => u.Arn), ...model(sample).roles.map((r) => r.Arn)]);
    for (const a of arns) expect(known.has(a)).toBe(true);
    expect(file.scope).toBe(scope.description);
    expect(file.unusedDays).toBe(DEFAULT_CONFIG.lastAccessed.unusedDays);
    expect(file.notEvaluated).toEqual([]);
    expect(file.calls).toBe(3 * arns.length);
  });

  it("keeps AWS's response shape: completed ACTION_LEVEL jobs, services by namespace, dates as the SDK's Dates serialise, none after the snapshot", () => {
    const file = JSON.parse(read(sample)) as File;
    const takenAt = Date.parse(model(sample).takenAt);
    for (const p of file.principals) {
      expect({ arn: p.Arn, status: p.JobStatus, type: p.JobType }).toEqual({ arn: p.Arn, status: 'COMPLETED', type: 'ACTION_LEVEL' });
      expect(p.JobCreationDate).toMatch(ISO_MS);
      expect(p.JobCompletionDate).toMatch(ISO_MS);
      expect(Date.parse(p.JobCompletionDate)).toBeGreaterThan(Date.parse(p.JobCreationDate));
      const namespaces = p.ServicesLastAccessed.map((s) => s.ServiceNamespace);
      expect(namespaces).toEqual([...namespaces].sort());
      for (const s of p.ServicesLastAccessed) {
        expect(s.ServiceName.length).toBeGreaterThan(0);
        if (s.LastAuthenticated === undefined) {
          expect(s).toEqual({ ServiceName: s.ServiceName, ServiceNamespace: s.ServiceNamespace, TotalAuthenticatedEntities: 0 });
          continue;
        }
        expect(s.LastAuthenticated).toMatch(ISO_MS);
        expect(Date.parse(s.LastAuthenticated)).toBeLessThan(takenAt);
        expect(s.LastAuthenticatedEntity).toBe(p.Arn);
        expect(s.LastAuthenticatedRegion).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
        expect(s.TotalAuthenticatedEntities).toBe(1);
        if (s.TrackedActionsLastAccessed) {
          expect(TRACKED_SERVICES.has(s.ServiceNamespace)).toBe(true);
          for (const a of s.TrackedActionsLastAccessed) {
            expect(a.ActionName).toMatch(/^[A-Za-z0-9]+$/);
            if (a.LastAccessedTime) expect(Date.parse(a.LastAccessedTime)).toBeLessThanOrEqual(Date.parse(s.LastAuthenticated));
          }
        }
      }
    }
  });
});

describe('scripts/generate-last-accessed.ts refuses a story the sample contradicts', () => {
  it('a use later than the role was last used', () => {
    const m = structuredClone(model('messy'));
    const role = m.roles.find((r) => r.RoleName === 'ops-automation-admin');
    if (!role?.RoleLastUsed) throw new Error('the messy sample changed: ops-automation-admin has no RoleLastUsed');
    role.RoleLastUsed.LastUsedDate = '2026-11-01T00:00:00Z';
    expect(() => buildSampleLastAccessed(m, 'messy')).toThrow(/ops-automation-admin used .* is later than the last use the snapshot shows/);
  });

  it('a principal in scope without a story (or a story for one out of scope)', () => {
    const m = structuredClone(model('clean'));
    const maria = m.users.find((u) => u.UserName === 'maria');
    if (!maria) throw new Error('the clean sample changed: no maria');
    m.users.push({ ...structuredClone(maria), UserName: 'maria2', UserId: 'AIDAMARIA2EXAMPLE', Arn: maria.Arn.replace(/maria$/, 'maria2') });
    expect(() => buildSampleLastAccessed(m, 'clean')).toThrow(/are not the principals in scope/);
  });
});
