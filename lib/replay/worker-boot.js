'use strict';
// Fallback when the esbuild bundle (worker-bundle.ts) cannot be built: worker threads do not inherit the main thread's
// TypeScript hook, so register tsx here, then load the worker.
require('tsx/cjs/api').register();
require('./worker.ts');
