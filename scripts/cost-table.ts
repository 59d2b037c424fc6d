/** Prints the README's cost tables from lib/cost/model.ts: `node bin/run-ts.js scripts/cost-table.ts`. */
import { costTableMarkdown, ORG_SIZES, orgCostTableMarkdown, orgSummaryMarkdown, orgWorkload, PRICES, QUOTA_MAX, SMALL, SMALL_OWN_KEY } from '../lib/cost/model';

/** The Organizations mode section of docs/cost.md (`--org`): the summary and one table per size. */
export function orgSection(): string {
  return [orgSummaryMarkdown(), ...ORG_SIZES.map((n) => orgCostTableMarkdown(orgWorkload(n)))].join('\n\n');
}

export function main(argv: string[] = process.argv.slice(2)): number {
  if (argv.includes('--org')) {
    process.stdout.write(`${orgSection()}\n`);
    return 0;
  }
  process.stdout.write(`Prices: ${PRICES.region} list prices as of ${PRICES.asOf}, no Free Tier.\n\n`);
  process.stdout.write(costTableMarkdown(SMALL) + '\n\n' + costTableMarkdown(SMALL_OWN_KEY) + '\n\n' + costTableMarkdown(QUOTA_MAX) + '\n');
  return 0;
}
