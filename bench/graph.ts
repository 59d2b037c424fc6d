/**
 * Privilege-graph benchmark: the quota-maximum synthetic account of the sweep benchmark (5,000 users, 300 groups,
 * 5,000 roles, 5,000 customer policies; bench/sweep-fake-aws.ts) decoded with buildAccountModel, then the graph the
 * nightly sweep builds for admin-access / privilege-escalation: every principal's own analysis (principalAnalyses)
 * plus the privilege graph (accountGraph), timed together and apart. Reports nodes, edges (by kind), rewrite powers,
 * admin-equivalent principals and seconds (budget: the sweep's 30 s).
 *
 * `node bin/run-ts.js bench/graph.ts [--quick]` prints the figures on its own (--quick: 1,000 users / 1,000 roles).
 */
import { buildAccountModel } from '../lib/account/build';
import { accountGraph, principalAnalyses } from '../lib/posture/principals';
import { syntheticAccount } from './sweep-fake-aws';

export interface GraphBenchResult {
  users: number;
  roles: number;
  groups: number;
  policies: number;
  nodes: number;
  edges: number;
  byKind: Record<string, number>;
  rewrites: number;
  /** Shared service nodes, and the principal → principal pairs the edges stand for. */
  serviceHubs: number;
  principalPairs: number;
  adminEquivalent: number;
  viaPath: number;
  /** principalAnalyses (each principal's own policies). */
  analysisSeconds: number;
  /** The graph on top of it (edges + fixpoint + every verdict). */
  graphSeconds: number;
  seconds: number;
  budgetSeconds: number;
}

export function runGraphBench(opts: { quick: boolean }): GraphBenchResult {
  const spec = opts.quick ? { users: 1000, groups: 100, roles: 1000, policies: 1000 } : { users: 5000, groups: 300, roles: 5000, policies: 5000 };
  const data = syntheticAccount(spec);
  const model = buildAccountModel({
    meta: { accountId: data.accountId, takenAt: '2026-11-01T00:00:00Z' },
    authorizationDetails: { UserDetailList: data.users, GroupDetailList: data.groups, RoleDetailList: data.roles, Policies: data.policies },
    notCollected: {},
  });
  const t0 = process.hrtime.bigint();
  principalAnalyses(model);
  const t1 = process.hrtime.bigint();
  const graph = accountGraph(model);
  let admin = 0;
  let viaPath = 0;
  for (const p of [...model.users.map((u) => u.Arn), ...model.roles.map((r) => r.Arn)]) {
    const v = graph.verdict(p);
    if (v?.admin) {
      admin++;
      if (!v.base) viaPath++;
    }
  }
  const t2 = process.hrtime.bigint();
  const s = graph.stats();
  const sec = (a: bigint, b: bigint) => Math.round(Number(b - a) / 1e7) / 100;
  return {
    ...spec,
    nodes: s.nodes,
    edges: s.edges,
    byKind: s.byKind,
    rewrites: s.rewrites,
    serviceHubs: s.serviceHubs,
    principalPairs: s.principalPairs,
    adminEquivalent: admin,
    viaPath,
    analysisSeconds: sec(t0, t1),
    graphSeconds: sec(t1, t2),
    seconds: sec(t0, t2),
    budgetSeconds: 30,
  };
}

export function main(argv: string[]): number {
  const r = runGraphBench({ quick: argv.includes('--quick') });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  return r.seconds <= r.budgetSeconds ? 0 : 1;
}
