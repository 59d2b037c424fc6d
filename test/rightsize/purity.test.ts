/** lib/rightsize is pure: no AWS SDK, no lib/aws, no file or network I/O (the CLI reads, lib/rightsize decides). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(__dirname, '..', '..', 'lib', 'rightsize');

it.each(readdirSync(DIR).filter((f) => f.endsWith('.ts')))('%s imports no AWS SDK, lib/aws or I/O module', (file) => {
  const text = readFileSync(join(DIR, file), 'utf8');
  const imports = [...text.matchAll(/from\s+'([^']+)'|require\('([^']+)'\)|import\('([^']+)'\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  expect(imports.length).toBeGreaterThan(0);
  for (const i of imports) expect([file, i, /^@aws-sdk\/|^@smithy\/|\/aws\/|^node:(fs|net|http|https|child_process)/.test(i)]).toEqual([file, i, false]);
});
