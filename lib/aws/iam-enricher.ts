/**
 * EnrichmentSource over the IAM API (read-only): GetPolicy → DefaultVersionId, GetPolicyVersion → Document
 * (URL-encoded by SDK v3), and a group's policies (ListAttachedGroupPolicies, ListGroupPolicies + GetGroupPolicy),
 * a user's access keys (ListAccessKeys, when AWS's quarantine policy is removed), following Marker / IsTruncated paging. Errors propagate with the SDK's error name (the enricher reports it).
 */
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type IAMClient,
  ListAttachedGroupPoliciesCommand,
  type ListAttachedGroupPoliciesCommandOutput,
  type ListGroupPoliciesCommandOutput,
  ListGroupPoliciesCommand,
  ListAccessKeysCommand,
  type ListAccessKeysCommandOutput,
} from '@aws-sdk/client-iam';
import type { AccessKeyState, EnrichmentSource, GroupPolicies } from '../cloudtrail/enrichment-types';
import { errorName, isAwsManagedPolicyArn } from '../cloudtrail/enrich';
import { parsePolicyDocument, type PolicyDocument } from '../policy/document';

/** A policy document IAM returned that does not parse (reported as the lookup's reason). */
export class MalformedPolicyDocumentError extends Error {
  constructor(what: string, detail: string) {
    super(`${what}: ${detail}`);
    this.name = 'MalformedPolicyDocument';
  }
}

function decode(doc: string | undefined, what: string): PolicyDocument {
  const r = parsePolicyDocument(doc);
  if (!r.ok) throw new MalformedPolicyDocumentError(what, r.error);
  return r.document;
}

const MAX_PAGES = 100;

export function iamEnrichmentSource(client: IAMClient): EnrichmentSource {
  async function getPolicyDocument(policyArn: string, versionId?: string): Promise<PolicyDocument> {
    let version = versionId;
    if (!version) {
      const p = await client.send(new GetPolicyCommand({ PolicyArn: policyArn }));
      version = p.Policy?.DefaultVersionId;
      if (!version) throw new MalformedPolicyDocumentError(policyArn, 'GetPolicy returned no DefaultVersionId');
    }
    const v = await client.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: version }));
    return decode(v.PolicyVersion?.Document, `${policyArn} version ${version}`);
  }

  async function getGroupPolicies(groupName: string): Promise<GroupPolicies> {
    const attachedPolicyArns: string[] = [];
    let marker: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r: ListAttachedGroupPoliciesCommandOutput = await client.send(new ListAttachedGroupPoliciesCommand({ GroupName: groupName, Marker: marker }));
      for (const p of r.AttachedPolicies ?? []) if (p.PolicyArn) attachedPolicyArns.push(p.PolicyArn);
      if (!r.IsTruncated || !r.Marker) break;
      marker = r.Marker;
    }
    const inlineNames: string[] = [];
    marker = undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r: ListGroupPoliciesCommandOutput = await client.send(new ListGroupPoliciesCommand({ GroupName: groupName, Marker: marker }));
      inlineNames.push(...(r.PolicyNames ?? []));
      if (!r.IsTruncated || !r.Marker) break;
      marker = r.Marker;
    }
    const inlinePolicies = await Promise.all(
      inlineNames.map(async (name) => {
        const r = await client.send(new GetGroupPolicyCommand({ GroupName: groupName, PolicyName: name }));
        return { name, document: decode(r.PolicyDocument, `inline policy ${name} of group ${groupName}`) };
      }),
    );
    const attachedDocuments: GroupPolicies['attachedDocuments'] = [];
    const unreadablePolicies: { arn: string; reason: string }[] = [];
    await Promise.all(
      attachedPolicyArns
        .filter((arn) => !isAwsManagedPolicyArn(arn))
        .map(async (arn) => {
          try {
            attachedDocuments.push({ arn, document: await getPolicyDocument(arn) });
          } catch (err) {
            unreadablePolicies.push({ arn, reason: errorName(err) });
          }
        }),
    );
    const out: GroupPolicies = { groupName, attachedPolicyArns, inlinePolicies, attachedDocuments };
    if (unreadablePolicies.length) out.unreadablePolicies = unreadablePolicies;
    return out;
  }

  /** ListAccessKeys (at most two keys per user, but paged like every IAM list). */
  async function listAccessKeys(userName: string): Promise<AccessKeyState[]> {
    const out: AccessKeyState[] = [];
    let marker: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r: ListAccessKeysCommandOutput = await client.send(new ListAccessKeysCommand({ UserName: userName, Marker: marker }));
      for (const k of r.AccessKeyMetadata ?? []) if (k.AccessKeyId) out.push({ accessKeyId: k.AccessKeyId, status: k.Status ?? 'unknown' });
      if (!r.IsTruncated || !r.Marker) break;
      marker = r.Marker;
    }
    return out;
  }

  return { getPolicyDocument, getGroupPolicies, listAccessKeys };
}
