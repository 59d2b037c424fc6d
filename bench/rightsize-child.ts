/**
 * One `rightsize --all` run in a fresh process (bench/rightsize.ts spawns it): the CLI's command over the archive and
 * the snapshot given, output discarded; prints {seconds, peakMb, records, principals} as its last line.
 */
import { main as cli } from '../lib/cli/main';
import { memoryIo } from '../lib/cli/io';

export async function main(argv: string[]): Promise<number> {
  const [archive, snapshot] = argv.slice(2);
  const io = memoryIo();
  const t0 = performance.now();
  const code = await cli(['node', 'iam-guardian', 'rightsize', '--all', '--json', '--since', 'all', '--snapshot', snapshot, '--archive', archive], io);
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) {
    process.stderr.write(io.stderr);
    return 1;
  }
  const out = JSON.parse(io.stdout) as { events: { records: number }; principals: unknown[] };
  const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ seconds: Math.round(seconds * 10) / 10, peakMb, records: out.events.records, principals: out.principals.length })}\n`);
  return 0;
}
