/**
 * Builders for the privilege-graph suites (graph.test.ts, graph-paths.test.ts, graph-properties.test.ts): parsed
 * policy documents, trust policies, and principals in the shape buildPrivilegeGraph takes.
 */
import { buildPrivilegeGraph, type GraphInput, type GraphPrincipalInput } from '../../lib/policy/graph';
import { parsePolicyDocument, type PolicyDocument } from '../../lib/policy/document';

export const A = '111122223333';
export const NOW = new Date('2026-06-01T12:00:00Z');

/** A document through the real parser (a test input that does not parse is a broken test). */
export const doc = (d: unknown): PolicyDocument => {
  const r = parsePolicyDocument(d);
  if (!r.ok) throw new Error(r.error);
  return r.document;
};
export type Stmt = Record<string, unknown>;
export const pol = (...s: Stmt[]) => doc({ Version: '2012-10-17', Statement: s });
export const allow = (Action: string | string[], Resource: string | string[] = '*', Condition?: unknown): Stmt => ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });
export const ADMIN = pol(allow('*'));
export const trustSvc = (...svc: string[]) => pol({ Effect: 'Allow', Principal: { Service: svc.length === 1 ? svc[0] : svc }, Action: 'sts:AssumeRole' });
export const trustAws = (aws: string | string[], Condition?: unknown) => pol({ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) });
export const uArn = (n: string) => `arn:aws:iam::${A}:user/${n}`;
export const rArn = (n: string) => `arn:aws:iam::${A}:role/${n}`;

export interface P {
  name: string;
  kind?: 'user' | 'role';
  docs?: PolicyDocument[];
  boundary?: PolicyDocument;
  trust?: PolicyDocument;
  managed?: { arn: string; doc: PolicyDocument }[];
  groups?: string[];
  protected?: boolean;
}

export function principal(p: P): GraphPrincipalInput {
  const kind = p.kind ?? (p.trust ? 'role' : 'user');
  const arn = kind === 'user' ? uArn(p.name) : rArn(p.name);
  return {
    arn,
    kind,
    name: p.name,
    sources: [
      ...(p.docs ?? []).map((d, i) => ({ label: `inline policy p${i} of ${kind} ${p.name}`, document: d, inline: { holder: arn, name: `p${i}` } })),
      ...(p.managed ?? []).map((m) => ({ label: `managed policy ${m.arn}`, document: m.doc, managedArn: m.arn })),
    ],
    boundary: p.boundary ? [p.boundary] : undefined,
    groups: p.groups ?? [],
    attachedPolicyArns: (p.managed ?? []).map((m) => m.arn),
    trust: p.trust,
    ...(p.protected ? { protected: true } : {}),
  };
}

export const graph = (ps: P[], extra: Partial<GraphInput> = {}) => buildPrivilegeGraph({ accountId: A, now: NOW, principals: ps.map(principal), ...extra });
export const adminRole = (name: string, trust: PolicyDocument, extra: Partial<P> = {}): P => ({ name, kind: 'role', trust, managed: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess', doc: ADMIN }], ...extra });
