/**
 * AWS managed policies judged offline: a bundled table of the current default versions of the common ones
 * (lib/policy/managed.generated.ts, copied verbatim from a mirror of AWS's documents), analysed with the same
 * engine as any other policy. Names not bundled are judged by name only (`…FullAccess…` ⇒ full access), and the
 * result says so.
 */
import { brotliDecompressSync } from 'node:zlib';
import { analysePolicies, type PolicyAnalysis } from './analyse';
import { parsePolicyDocument, type PolicyDocument } from './document';
import { isAwsManagedPolicyArn } from './aws-managed-arn';
import { MANAGED_BROTLI_BASE64, MANAGED_SOURCE } from './managed.generated';

export interface ManagedPolicyJudgement {
  known: boolean;
  name: string;
  adminEquivalent: boolean;
  fullAccess: boolean;
  escalation: boolean;
  sensitive: boolean;
  /** 'document': analysed from the bundled document; 'name': judged from the name only (not bundled). */
  basis: 'document' | 'name';
  /** Why, in a sentence (e.g. "not bundled: judged full access from its name"). */
  note: string;
}

export { isAwsManagedPolicyArn };

/** A policy ARN's name: its last path segment (what a regex capture of a valid AWS-managed ARN gives, for any string). */
export function managedPolicyName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

interface Bundled {
  arn: string;
  version: string;
  document: unknown;
}

let table: Record<string, Bundled> | undefined;

function bundled(): Record<string, Bundled> {
  table ??= JSON.parse(brotliDecompressSync(Buffer.from(MANAGED_BROTLI_BASE64, 'base64')).toString('utf8')) as Record<string, Bundled>;
  return table;
}

/** Names of the bundled policies and where they come from. */
export function bundledManagedPolicies(): { names: string[]; source: string } {
  return { names: Object.keys(bundled()), source: MANAGED_SOURCE };
}

/**
 * Parsed bundled documents by policy name: one object per name, so lib/policy's per-document compile cache is hit
 * across events and principals. Bounded by the bundled table (names not in it are never stored).
 */
const parsedDocs = new Map<string, PolicyDocument | undefined>();

/** The bundled document of an AWS managed policy ARN (any partition, any path), or undefined. Shared: never change it. */
export function awsManagedPolicyDocument(arn: string): PolicyDocument | undefined {
  if (!isAwsManagedPolicyArn(arn)) return undefined;
  const name = managedPolicyName(arn);
  if (parsedDocs.has(name)) return parsedDocs.get(name);
  const entry = Object.prototype.hasOwnProperty.call(bundled(), name) ? bundled()[name] : undefined;
  if (!entry) return undefined;
  const parsed = parsePolicyDocument(entry.document);
  const doc = parsed.ok ? parsed.document : undefined;
  parsedDocs.set(name, doc);
  return doc;
}

const analysisCache = new Map<string, PolicyAnalysis>();

/** The full analysis of a bundled managed policy (cached), or undefined when not bundled. */
export function analyseAwsManagedPolicy(arn: string): PolicyAnalysis | undefined {
  const name = managedPolicyName(arn);
  const cached = analysisCache.get(name);
  if (cached) return cached;
  const doc = awsManagedPolicyDocument(arn);
  if (!doc) return undefined;
  const a = analysePolicies([doc], { labels: [name] });
  analysisCache.set(name, a);
  return a;
}

export function judgeAwsManagedPolicy(arn: string): ManagedPolicyJudgement {
  const name = managedPolicyName(arn);
  const a = isAwsManagedPolicyArn(arn) ? analyseAwsManagedPolicy(arn) : undefined;
  if (a) {
    const escalation = a.escalations.length > 0;
    return {
      known: true,
      name,
      adminEquivalent: a.adminEquivalent,
      fullAccess: a.adminEquivalent || a.fullAccessServices.length > 0,
      escalation,
      sensitive: a.sensitive.length > 0,
      basis: 'document',
      note: a.adminEquivalent
        ? `${name} is admin-equivalent: ${a.adminReasons[0]}`
        : a.fullAccessServices.length > 0
          ? `${name} grants full access to ${a.fullAccessServices.length > 5 ? `${a.fullAccessServices.length} services` : a.fullAccessServices.join(', ')}${escalation ? `; escalation: ${a.escalations.map((e) => e.method).join(', ')}` : ''}`
          : escalation
            ? `${name} allows privilege escalation: ${a.escalations.map((e) => e.method).join(', ')}`
            : `${name} grants no full-service access and no escalation path`,
    };
  }
  // Anywhere in the name: AWS adds versions and variants after it (AmazonDynamoDBFullAccess_v2, AmazonDynamoDBFullAccesswithDataPipeline).
  const fullAccess = /FullAccess/i.test(name);
  const adminByName = name === 'AdministratorAccess';
  return {
    known: false,
    name,
    adminEquivalent: adminByName,
    fullAccess: fullAccess || adminByName,
    escalation: false,
    sensitive: false,
    basis: 'name',
    note: fullAccess
      ? `${name} is not in the bundled table: judged full access from its name (its document was not checked)`
      : `${name} is not in the bundled table and its name does not suggest full access (its document was not checked)`,
  };
}
