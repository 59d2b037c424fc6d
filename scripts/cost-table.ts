/** Prints the README's cost tables from lib/cost/model.ts: `node bin/run-ts.js scripts/cost-table.ts`. */
import { costTableMarkdown, PRICES, QUOTA_MAX, SMALL } from '../lib/cost/model';

export function main(): number {
  process.stdout.write(`Prices: ${PRICES.region} list prices as of ${PRICES.asOf}, no Free Tier.\n\n`);
  process.stdout.write(costTableMarkdown(SMALL) + '\n\n' + costTableMarkdown(QUOTA_MAX) + '\n');
  return 0;
}
