import type { Rule } from './types';
import { EVENT_RULES } from './event';
import { POSTURE_RULES } from './posture';

export { EVENT_RULES, POSTURE_RULES };
export const ALL_RULES: Rule[] = [...EVENT_RULES, ...POSTURE_RULES];

const byId = new Map<string, Rule>(ALL_RULES.map((r) => [r.id, r]));

export function getRule(id: string): Rule | undefined {
  return byId.get(id);
}
