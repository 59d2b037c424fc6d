/**
 * Stryker ignorer for sampled runs (scripts/mutation-sample.mjs, stryker.config.cjs with MUTATION_SAMPLE=1): a node is
 * ignored when no sampled mutant lies at or inside it. With one mutate range per sampled mutant this leaves the
 * sampled nodes (and the rare sampled node inside another's range), not their unsampled bodies: a sampled block
 * statement does not bring the hundreds of mutants of the function it belongs to.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

const planPath = process.env.MUTATION_SAMPLE_PLAN;
const plan = planPath ? JSON.parse(readFileSync(planPath, 'utf8')) : { mutants: [] };
/** file -> sampled locations (0-based lines, 0-based columns: Stryker's internal positions). */
const byFile = new Map();
for (const m of plan.mutants) {
  if (!byFile.has(m.file)) byFile.set(m.file, []);
  byFile.get(m.file).push(m);
}

const before = (a, b) => a.line < b.line || (a.line === b.line && a.column <= b.column);

function fileOf(path) {
  const name = path.hub?.file?.opts?.filename ?? path.hub?.file?.opts?.sourceFileName ?? '';
  return relative(process.cwd(), name).replace(/\\/g, '/');
}

const sampleIgnorer = {
  shouldIgnore(path) {
    const loc = path.node?.loc;
    if (!loc) return undefined;
    const file = fileOf(path);
    // Without a file name (a parser that does not record it) every sampled location is a candidate: the mutate ranges
    // already keep each file to its own samples; a coincidental match only runs a mutant that is not counted.
    const samples = file ? byFile.get(file) : plan.mutants;
    if (!samples) return 'Not in the mutation sample';
    // Babel's lines are 1-based, the plan's 0-based.
    const start = { line: loc.start.line - 1, column: loc.start.column };
    const end = { line: loc.end.line - 1, column: loc.end.column };
    return samples.some((m) => before(start, m.start) && before(m.end, end)) ? undefined : 'Not in the mutation sample';
  },
};

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'mutation-sample', sampleIgnorer)];
