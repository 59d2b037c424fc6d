/** The packaging cache is keyed per checkout: another checkout's cleanup never looks into (or evicts) this one's. */
import { dirname } from 'node:path';
import { packageCacheDir, ROOT } from './packaged';

it('each checkout has its own folder under the shared cache, stable across runs', () => {
  expect(packageCacheDir()).toBe(packageCacheDir(ROOT));
  expect(packageCacheDir('/work/wt/a')).not.toBe(packageCacheDir('/work/wt/b'));
  expect(dirname(packageCacheDir('/work/wt/a'))).toBe(dirname(packageCacheDir('/work/wt/b')));
  expect(dirname(packageCacheDir())).toMatch(/iam-guardian-package$/);
});
