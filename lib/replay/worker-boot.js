'use strict';
// Worker threads do not inherit the main thread's TypeScript hook: register tsx here, then load the worker.
require('tsx/cjs/api').register();
require('./worker.ts');
