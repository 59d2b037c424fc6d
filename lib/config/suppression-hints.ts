/**
 * Suppressions that matched nothing in a run although a finding of the same rule has a resource close to theirs (a
 * typo, another account id, `user/` for `role/`): "did you mean" with the resource the run actually saw.
 */
import type { Config } from './types';
import type { Finding } from '../findings/types';
import { globMatch, suppressionExpired } from './apply';
import { closest } from '../text/suggest';

export function suppressionHints(config: Config, findings: readonly Pick<Finding, 'ruleId' | 'resource'>[], now: string): string[] {
  const out: string[] = [];
  config.suppressions.forEach((s, i) => {
    if (suppressionExpired(s, now) || /[*?]/.test(s.resource)) return;
    const sameRule = findings.filter((f) => globMatch(s.rule, f.ruleId));
    if (sameRule.some((f) => globMatch(s.resource, f.resource))) return;
    const seen = [...new Set(sameRule.map((f) => f.resource))];
    // The same name in another account or of another kind (user/ for role/) first; else a typo in the name: at most
    // a quarter of the name's characters (at least 2) edited.
    const name = tail(s.resource);
    const near = seen.find((r) => tail(r) === name) ?? closest(s.resource, seen, Math.max(2, Math.floor(name.length / 4)));
    if (near !== undefined) out.push(`suppressions[${i}] (rule ${s.rule}) matched no finding: resource "${s.resource}" was not seen in this run (did you mean "${near}"?)`);
  });
  return out;
}

/** The name at the end of an ARN (after the last `/` or `:`). */
function tail(arn: string): string {
  return arn.slice(Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':')) + 1);
}
