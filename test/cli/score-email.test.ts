/** `score --email` prints the alert exactly as the change scorer publishes it (lib/alerts/format.ts), subject first. */
import { join } from 'node:path';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';
import { readEventFile } from '../../lib/cloudtrail/input';
import { scoreEventOffline } from '../../lib/engine/score-event';
import { formatEventAlert } from '../../lib/alerts/format';
import { DEFAULT_CONFIG } from '../../lib/config/types';

const ROOT = join(__dirname, '..', '..');

async function cli(...args: string[]) {
  const io = memoryIo(ROOT);
  const code = await main(['node', 'iam-guardian', 'score', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

test('an alerting event: Subject line, blank line, the body the scorer publishes', async () => {
  const file = 'events/root-console-login-no-mfa.json';
  const r = await cli('--email', file);
  expect(r.code).toBe(0);
  const [record] = await readEventFile(join(ROOT, file));
  const sent = formatEventAlert(scoreEventOffline(record, { config: DEFAULT_CONFIG }));
  expect(r.out).toBe(`Subject: ${sent.subject}\n\n${sent.message}\n\n`);
  expect(sent.subject).toMatch(/^\[CRITICAL\] \d{12} /);
});

test('an event that sends no alert says so and why', async () => {
  const r = await cli('--email', 'events/attach-s3-readonly-to-group.json');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/^\(events\/attach-s3-readonly-to-group\.json: AttachGroupPolicy sends no alert: .+\)\n\n$/);
  expect(r.out).not.toContain('Subject:');
});

test('--email with --json is refused', async () => {
  const r = await cli('--email', '--json', 'events/root-console-login-no-mfa.json');
  expect(r.code).toBe(1);
  expect(r.err).toContain('--email prints the alert e-mail; it takes no --json or --format');
});
