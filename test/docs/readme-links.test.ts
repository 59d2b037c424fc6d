/**
 * Every link from product text and documentation to a README heading points at a heading that exists: `#anchors`
 * inside the README and docs/, README URLs in the code, and quoted references (`the README, "Scores"`) in
 * messages, docs and the example configuration.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** GitHub's heading anchor: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const headings = README.split('\n')
  .filter((l) => /^#{1,6} /.test(l) && !l.startsWith('#!'))
  .map((l) => l.replace(/^#+ /, '').trim());
const anchors = new Set(headings.map(slug));

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (ext.test(name)) out.push(p);
  }
  return out;
}

const SOURCES = [...files(join(ROOT, 'lib'), /\.ts$/), ...files(join(ROOT, 'functions'), /\.ts$/), ...files(join(ROOT, 'docs'), /\.(md|txt)$/), join(ROOT, 'iam-guardian.config.example.yaml'), join(ROOT, 'README.md')];

test('the slug function matches GitHub on headings with punctuation', () => {
  expect(slug('No trail yet? Start here')).toBe('no-trail-yet-start-here');
  expect(slug('Configuration, suppressions, exports')).toBe('configuration-suppressions-exports');
  expect(slug('Posture (sweep) rules')).toBe('posture-sweep-rules');
});

test('every README anchor linked from the README, docs/ and the code exists', () => {
  const broken: string[] = [];
  for (const file of SOURCES) {
    const text = readFileSync(file, 'utf8');
    const where = relative(ROOT, file);
    const inReadme = where === 'README.md';
    const links = [
      ...[...text.matchAll(/\]\((?:README\.md|\.\.\/README\.md)?#([\w-]+)\)/g)].filter((m) => inReadme || m[0].includes('README')).map((m) => m[1]),
      ...[...text.matchAll(/github\.com\/iam-guardian\/iam-guardian#([\w-]+)/g)].map((m) => m[1]),
    ];
    for (const a of links) if (!anchors.has(a)) broken.push(`${where}: #${a}`);
  }
  expect(broken).toEqual([]);
});

test('every quoted README heading named in messages and docs exists', () => {
  const broken: string[] = [];
  let seen = 0;
  for (const file of SOURCES) {
    for (const m of readFileSync(file, 'utf8').matchAll(/README[,]? \(?"([^"]+)"/g)) {
      if (m[1].includes('${')) continue; // a heading held in a constant (checked where it is defined)
      seen++;
      if (!headings.some((h) => h === m[1] || h.startsWith(`${m[1]} (`))) broken.push(`${relative(ROOT, file)}: "${m[1]}"`);
    }
  }
  expect(seen).toBeGreaterThan(3);
  expect(broken).toEqual([]);
});
