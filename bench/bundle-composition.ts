/** Where a function bundle's bytes come from (esbuild metafile, same settings as serverless.yml): `node bin/run-ts.js bench/bundle-composition.ts functions/change-scorer.ts`. */
import { build } from 'esbuild';
export async function main(argv: string[]) {
  const entry = argv[2];
  const out = await build({ entryPoints: [entry], bundle: true, minify: true, keepNames: true, platform: 'node', target: 'node22', format: 'cjs', write: false, metafile: true, mainFields: ['module', 'main'], logLevel: 'silent' });
  const o = Object.values(out.metafile!.outputs)[0];
  const groups = new Map<string, number>();
  for (const [file, info] of Object.entries(o.inputs)) {
    const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(file);
    const key = m ? m[1] : file.split('/').slice(0, 2).join('/');
    groups.set(key, (groups.get(key) ?? 0) + info.bytesInOutput);
  }
  console.log('total', o.bytes);
  console.log([...groups.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1024).toFixed(0)}KB ${k}`).join('\n'));
}
