import { parsePolicyDocument, type PolicyDocument } from '../../lib/policy/document';

/** Parses a policy written in AWS's JSON form; throws on a parse failure (tests only). */
export function doc(statements: Record<string, unknown>[] | Record<string, unknown>): PolicyDocument {
  const r = parsePolicyDocument({ Version: '2012-10-17', Statement: statements });
  if (!r.ok) throw new Error(r.error);
  return r.document;
}

export const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Record<string, unknown> = {}): Record<string, unknown> => ({ Effect: 'Allow', Action, Resource, ...extra });
export const deny = (Action: string | string[], Resource: string | string[] = '*', extra: Record<string, unknown> = {}): Record<string, unknown> => ({ Effect: 'Deny', Action, Resource, ...extra });
