/** buildDemo's own temporary history folder is removed before it returns; a folder the caller gives is kept. */
import { existsSync, mkdtempSync, promises as fs, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildDemo } from '../../lib/report/demo';

const ROOT = path.resolve(__dirname, '../..');

it('a temporary history folder does not outlive the demo; a given one stays', async () => {
  const made: string[] = [];
  const real = fs.mkdtemp.bind(fs);
  const spy = jest.spyOn(fs, 'mkdtemp').mockImplementation(async (prefix: string) => {
    const dir = await real(prefix);
    made.push(dir);
    return dir;
  });
  try {
    const demo = await buildDemo({ root: ROOT });
    expect(demo.report.account).toMatch(/^\d{12}$/);
    expect(demo.historyDir).toBeUndefined();
  } finally {
    spy.mockRestore();
  }
  expect(made).toHaveLength(1);
  expect(existsSync(made[0])).toBe(false);

  const given = mkdtempSync(path.join(tmpdir(), 'iam-guardian-demo-test-'));
  try {
    const demo = await buildDemo({ root: ROOT, historyDir: given });
    expect(demo.historyDir).toBe(given);
    expect(existsSync(given)).toBe(true);
  } finally {
    rmSync(given, { recursive: true, force: true });
  }
});
