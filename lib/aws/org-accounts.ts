/**
 * Organizations ListAccounts, every page: the one Organizations call of an org run (its own module so the org sweep's
 * first step bundles nothing else of lib/aws/org.ts).
 */
import { ListAccountsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { oneLine, type OrgAccount } from '../org/sweep';
import { AwsResponseError } from './errors';

const ACCOUNT_ID = /^\d{12}$/;
const MAX_PAGES = 10_000;

/** Every account of the organization (ListAccounts, all pages). An Id that is not 12 digits is listed as not sweepable. */
export async function listOrgAccounts(org: OrganizationsClient): Promise<OrgAccount[]> {
  const out: OrgAccount[] = [];
  let NextToken: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await org.send(new ListAccountsCommand({ NextToken }));
    for (const a of res.Accounts ?? []) {
      const id = typeof a.Id === 'string' ? a.Id : '';
      const state = ACCOUNT_ID.test(id) ? (a.State ?? a.Status ?? 'UNKNOWN') : 'INVALID_ACCOUNT_ID';
      out.push({ id: ACCOUNT_ID.test(id) ? id : oneLine(id, 40), name: oneLine(a.Name ?? '', 100), state });
    }
    if (!res.NextToken) return out;
    NextToken = res.NextToken;
  }
  throw new AwsResponseError('ListAccounts', `Organizations ListAccounts did not finish after ${MAX_PAGES} pages`);
}

