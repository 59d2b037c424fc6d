/** Prints the README's cost tables from lib/cost/model.ts: `node bin/run-ts.js scripts/cost-table.ts`. */
import { costTableMarkdown, PRICES, QUOTA_MAX, SMALL, SMALL_OWN_KEY } from '../lib/cost/model';

export function main(): number {
  process.stdout.write(`Prices: ${PRICES.region} list prices as of ${PRICES.asOf}, no Free Tier.\n\n`);
  process.stdout.write(costTableMarkdown(SMALL) + '\n\n' + costTableMarkdown(SMALL_OWN_KEY) + '\n\n' + costTableMarkdown(QUOTA_MAX) + '\n');
  return 0;
}
