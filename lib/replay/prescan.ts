/**
 * The quiet pre-scan of a replay (see prescan-js.ts for what it proves): the WebAssembly scanner
 * (wasm/prescan-wasm.ts) where WebAssembly runs, else the JavaScript one. Both give the same result for the same
 * bytes (test/replay/prescan-wasm.test.ts).
 */
import type { RuleIndex } from '../engine/score-event';
import { prescanJs } from './prescan-js';
import type { PrescanResult } from './prescan-names';
import { PrescanWasmUnavailable, prescanWasm } from './wasm/prescan-wasm';

export { MAX_DEPTH, prescanJs } from './prescan-js';
export { TIMED, type PrescanResult } from './prescan-names';

/**
 * IAM_GUARDIAN_PRESCAN=js chooses the JavaScript scanner (benchmarks compare the two). After a fault of the
 * WebAssembly scanner (a trap: a bug, never the input's doing) this thread uses the JavaScript one.
 */
let useWasm = process.env.IAM_GUARDIAN_PRESCAN !== 'js';

/**
 * The records of a CloudTrail log file and which are quiet, or undefined when the bytes are not exactly one
 * `{"Records": [...]}` JSON document (then the caller parses the whole text, as the full path does).
 */
export function prescan(bytes: Uint8Array, idx: RuleIndex, wantTime = true): PrescanResult | undefined {
  if (!idx.quietCheckOk) return undefined;
  if (useWasm) {
    try {
      return prescanWasm(bytes, idx, wantTime);
    } catch (e) {
      // No WebAssembly here, or no memory for this file: the JavaScript scanner gives the same result. Any other
      // error is a fault of the instance: its state can no longer be trusted, and the file's records must not be lost.
      if (!(e instanceof PrescanWasmUnavailable)) useWasm = false;
    }
  }
  return prescanJs(bytes, idx, wantTime);
}
