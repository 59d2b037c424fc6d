/**
 * The example configuration is safe to copy as it is (issue 23): every value is the default or commented out, so the
 * copy changes nothing — no attestation made by someone else, no disabled rule, no forward region, no e-mail, no
 * suppression. Every top-level key of the schema is shown (set or commented out), so the file documents them all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigDetailed } from '../../lib/config/load';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import schema from '../../lib/config/schema.json';

const ROOT = join(__dirname, '..', '..');
const FILE = 'iam-guardian.config.example.yaml';

test('copied unedited, the example configuration equals the defaults', () => {
  const { config, user } = loadConfigDetailed({ file: FILE, cwd: ROOT });
  expect(config).toEqual(DEFAULT_CONFIG);
  expect(user).not.toHaveProperty('email');
  expect(user).not.toHaveProperty('allowList');
});

test('every top-level key of the schema appears in the example, set or commented out', () => {
  const text = readFileSync(join(ROOT, FILE), 'utf8');
  const shown = new Set([...text.matchAll(/^(?:# )?([A-Za-z$][\w$]*):/gm)].map((m) => m[1]));
  const missing = Object.keys(schema.properties).filter((k) => k !== '$schema' && !shown.has(k));
  expect(missing).toEqual([]);
});
