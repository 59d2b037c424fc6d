/**
 * Loads a rule's examples from `<rule>.examples.ts` beside the rule file (lib/rules/<kind>/<id>.examples.ts, export
 * `examples`). The examples are not part of the rule object, so no function bundle carries them or their builders.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventExamples, EventRule, PostureExamples, PostureRule, Rule } from '../../lib/rules/types';

export const RULES_DIR = join(__dirname, '..', '..', 'lib', 'rules');

/** Path of a rule's examples file (by convention: the rule's id is its file name). */
export function examplesPath(rule: Pick<Rule, 'id' | 'kind'>): string {
  return join(RULES_DIR, rule.kind, `${rule.id}.examples.ts`);
}

export class MissingExamplesError extends Error {
  constructor(readonly ruleId: string, readonly path: string) {
    super(`rule ${ruleId} has no examples file (${path} exporting \`examples\`)`);
    this.name = 'MissingExamplesError';
  }
}

function load(rule: Rule): unknown {
  const path = examplesPath(rule);
  if (!existsSync(path)) throw new MissingExamplesError(rule.id, path);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path) as { examples?: unknown };
  if (mod.examples === undefined) throw new MissingExamplesError(rule.id, path);
  return mod.examples;
}

export function examplesOf(rule: EventRule): EventExamples;
export function examplesOf(rule: PostureRule): PostureExamples;
export function examplesOf(rule: Rule): EventExamples | PostureExamples;
export function examplesOf(rule: Rule): EventExamples | PostureExamples {
  return load(rule) as EventExamples | PostureExamples;
}
