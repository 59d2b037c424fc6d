/**
 * Action names checked against the catalogue, with "did you mean" for a typo (`s3:GetObjekt` → `s3:GetObject`,
 * `s4:GetObject` → `s3:GetObject`). A wildcard pattern that matches nothing gets the closest service only.
 */
import { getCatalog, matchActionPattern } from '../catalog';
import { closest } from '../../text/did-you-mean';

export type ActionCheck =
  | { ok: true }
  /** Not of the form `service:action` (or `*`): AWS rejects the policy. */
  | { ok: false; malformed: true; message: string }
  /** Well formed, but no catalogued action matches: it grants nothing (a typo, or newer than the catalogue). */
  | { ok: false; malformed: false; message: string; suggestion?: string };

function actionNames(service: string): string[] {
  const c = getCatalog();
  const r = c.serviceRanges.get(service);
  return r ? c.actions.slice(r.start, r.end).map((a) => a.name) : [];
}

/** The closest catalogued action to an unknown one, as `service:Name`. */
export function suggestAction(action: string): string | undefined {
  const colon = action.indexOf(':');
  if (colon <= 0) return undefined;
  const c = getCatalog();
  const svcIn = action.slice(0, colon).toLowerCase();
  const nameIn = action.slice(colon + 1);
  const service = c.serviceRanges.has(svcIn) ? svcIn : closest(svcIn, c.services);
  if (!service) return undefined;
  if (/[*?]/.test(nameIn)) return service === svcIn ? undefined : `${service}:${nameIn}`;
  const exact = c.index.get(`${service}:${nameIn}`.toLowerCase());
  if (exact !== undefined) return c.actions[exact].id;
  const name = closest(nameIn, actionNames(service));
  return name ? `${service}:${name}` : undefined;
}

export function checkAction(action: string): ActionCheck {
  const a = action.trim();
  if (a === '*') return { ok: true };
  const colon = a.indexOf(':');
  if (colon <= 0 || colon === a.length - 1 || /\s/.test(a)) {
    return { ok: false, malformed: true, message: `${JSON.stringify(action)} is not an action: AWS needs "service:Action" (e.g. "s3:GetObject") or "*"` };
  }
  const m = matchActionPattern(a);
  if (!m.unknown) return { ok: true };
  const suggestion = suggestAction(a);
  const what = m.unknownService ? `no AWS service is called ${JSON.stringify(a.slice(0, colon))}` : 'no such action';
  return { ok: false, malformed: false, message: `${JSON.stringify(action)} matches no action (${what}; or it is newer than the catalogue ${getCatalog().version})${suggestion ? ` — did you mean ${JSON.stringify(suggestion)}?` : ''}`, suggestion };
}
