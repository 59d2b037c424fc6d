/**
 * EnrichmentSource over the IAM API (read-only): GetPolicy → DefaultVersionId, GetPolicyVersion → Document
 * (URL-encoded by SDK v3), and a group's policies (ListAttachedGroupPolicies, ListGroupPolicies + GetGroupPolicy),
 * a user's access keys (ListAccessKeys, when AWS's quarantine policy is removed), following Marker / IsTruncated paging.
 * the account's role trusts (ListRoles, at most MAX_ROLE_PAGES pages, cached
 * for the cold start) and a role's policy names (ListAttachedRolePolicies, ListRolePolicies). Errors propagate with the SDK's error name (the enricher reports it).
 */
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type IAMClient,
  ListAttachedGroupPoliciesCommand,
  type ListAttachedGroupPoliciesCommandOutput,
  ListAttachedRolePoliciesCommand,
  type ListAttachedRolePoliciesCommandOutput,
  type ListGroupPoliciesCommandOutput,
  ListGroupPoliciesCommand,
  ListAccessKeysCommand,
  type ListAccessKeysCommandOutput,
  ListRolePoliciesCommand,
  type ListRolePoliciesCommandOutput,
  ListRolesCommand,
  type ListRolesCommandOutput,
} from '@aws-sdk/client-iam';
import type { AccessKeyState, EnrichmentSource, GroupPolicies, RoleDirectory, RolePolicies, RoleTrust } from '../cloudtrail/enrichment-types';
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

/** ListRoles pages read per lookup (1,000 roles each): the scorer's bound on an event's enrichment. */
export const MAX_ROLE_PAGES = 3;
/** How long a role directory is reused (one source lives for a Lambda cold start). */
export const ROLE_CACHE_MS = 5 * 60 * 1000;

export interface IamEnrichmentOptions {
  /** Clock for the role directory cache (tests). */
  now?: () => number;
}

export function iamEnrichmentSource(client: IAMClient, opts: IamEnrichmentOptions = {}): EnrichmentSource {
  const now = opts.now ?? Date.now;
  let roleCache: { at: number; value: Promise<RoleDirectory> } | undefined;
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


  async function readRoles(): Promise<RoleDirectory> {
    const roles: RoleTrust[] = [];
    let marker: string | undefined;
    for (let page = 0; page < MAX_ROLE_PAGES; page++) {
      const r: ListRolesCommandOutput = await client.send(new ListRolesCommand({ MaxItems: 1000, Marker: marker }));
      for (const role of r.Roles ?? []) {
        if (!role.Arn || !role.RoleName) continue;
        const parsed = parsePolicyDocument(role.AssumeRolePolicyDocument);
        roles.push(parsed.ok ? { arn: role.Arn, name: role.RoleName, trust: parsed.document } : { arn: role.Arn, name: role.RoleName, trustError: parsed.error });
      }
      if (!r.IsTruncated || !r.Marker) return { roles, complete: true };
      marker = r.Marker;
    }
    return { roles, complete: false };
  }

  /** Read once per cold start (refreshed after ROLE_CACHE_MS); a failed read is not kept, so the next event retries. */
  function listRoleTrusts(): Promise<RoleDirectory> {
    const t = now();
    if (roleCache && t - roleCache.at < ROLE_CACHE_MS) return roleCache.value;
    const value = readRoles();
    const entry = { at: t, value };
    roleCache = entry;
    value.catch(() => {
      if (roleCache === entry) roleCache = undefined;
    });
    return value;
  }

  async function getRolePolicies(roleName: string): Promise<RolePolicies> {
    const attachedPolicyArns: string[] = [];
    let marker: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r: ListAttachedRolePoliciesCommandOutput = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker }));
      for (const p of r.AttachedPolicies ?? []) if (p.PolicyArn) attachedPolicyArns.push(p.PolicyArn);
      if (!r.IsTruncated || !r.Marker) break;
      marker = r.Marker;
    }
    const inlinePolicyNames: string[] = [];
    marker = undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r: ListRolePoliciesCommandOutput = await client.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker: marker }));
      inlinePolicyNames.push(...(r.PolicyNames ?? []));
      if (!r.IsTruncated || !r.Marker) break;
      marker = r.Marker;
    }
    return { attachedPolicyArns, inlinePolicyNames };
  }

  return { getPolicyDocument, getGroupPolicies, listAccessKeys, listRoleTrusts, getRolePolicies };
}
