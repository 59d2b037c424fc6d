/**
 * Where the running code comes from. The published CLI runs esbuild bundles in dist/ (scripts/build.js defines
 * IAM_GUARDIAN_COMPILED there); jest, bench and dev scripts run the TypeScript sources of lib/ directly.
 */
import { resolve } from 'node:path';

declare const IAM_GUARDIAN_COMPILED: boolean | undefined;

/** True inside the dist/ bundles, false when the TypeScript sources run. */
export const COMPILED: boolean = typeof IAM_GUARDIAN_COMPILED === 'boolean' && IAM_GUARDIAN_COMPILED;

/**
 * The package's root folder (holds package.json, samples/, events/, dist/): two levels above this file in the sources
 * (lib/runtime/build.ts), one above the bundle that inlines it (dist/*.js).
 */
export const PACKAGE_ROOT: string = COMPILED ? resolve(__dirname, '..') : resolve(__dirname, '..', '..');
