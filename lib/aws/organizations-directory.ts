/**
 * The scorer's read-only Organizations lookups (Organizations mode): DescribeAccount (the member account's name) and
 * ListParents (its OU, then that OU's parent, … up to the root). Callable by the management account or a delegated
 * administrator; the scorer's role holds `organizations:DescribeAccount` and `organizations:ListParents` only when the
 * stack is deployed with an organization id. Errors propagate with the SDK's error name (lib/org/account-directory.ts
 * caches them briefly and alerts by account id).
 */
import { DescribeAccountCommand, ListParentsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import type { DirectoryLookups } from '../org/account-directory';

export function organizationsLookups(client: OrganizationsClient): DirectoryLookups {
  return {
    async accountName(accountId) {
      const r = await client.send(new DescribeAccountCommand({ AccountId: accountId }));
      return r.Account?.Name;
    },
    async parentOf(childId) {
      // A child has exactly one parent (Organizations API reference); the first page holds it.
      const r = await client.send(new ListParentsCommand({ ChildId: childId }));
      const p = r.Parents?.[0];
      return p?.Id && p.Type ? { id: p.Id, type: p.Type } : undefined;
    },
  };
}
