/**
 * The WebAssembly quiet pre-scan (prescan.as.ts, compiled into prescan-wasm-bytes.ts): the same results as the
 * JavaScript scanner (../prescan-js.ts) at about twice its speed (bench `replay`). One instance per thread, created
 * on first use; its memory grows to the largest file scanned (the file is copied into it: Node's zlib cannot inflate
 * into a given buffer).
 *
 * The instance decides everything but the eventTime's text (decoded here when the caller wants it) and the verdict of
 * an event name it has not seen: that is looked up here (quietEventNameAllowed, through the cache both scanners share)
 * and added to the instance's table, so later records with the name are decided inside WebAssembly.
 */
import type { RuleIndex } from '../../engine/score-event';
import { quietEventNameAllowed } from '../../engine/score-event';
import { asciiNameAllowed, TIMED, type PrescanResult } from '../prescan-names';
import { PRESCAN_WASM_BASE64 } from './prescan-wasm-bytes';

/** The part of the WebAssembly API used here (the compiler's `lib` has no DOM, where its types live). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}

interface PrescanExports {
  memory: { buffer: ArrayBuffer };
  inputAt(len: number): number;
  outputAt(): number;
  scan(): number;
  stagingAt(): number;
  resetNames(): void;
  addName(hash: number, len: number, allowed: number): number;
}

// States of a record in the output (prescan.as.ts).
const LOUD = 0;
const QUIET_TIMED = 2;
const ASK = 4;
const OUT_INTS = 8;
/** Largest input the instance takes (offsets are signed 32-bit numbers; room is left for the layout before it). */
export const MAX_WASM_INPUT = 0x7fffffff - 64 * 1024 * 1024;
/** Longest name the instance's table keeps (MAX_NAME in prescan.as.ts). */
const MAX_NAME = 256;

/** The rule index whose verdicts the instance's name table holds. */
let tableIdx: RuleIndex | undefined;

let instance: PrescanExports | Error | undefined;

/** The thread's instance, or the reason there is none (WebAssembly disabled, e.g. `node --jitless`). */
export function prescanInstance(): PrescanExports | Error {
  if (instance === undefined) {
    try {
      const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
      if (!api) throw new Error('WebAssembly is not available in this Node.js');
      const module = new api.Module(Buffer.from(PRESCAN_WASM_BASE64, 'base64'));
      const inst = new api.Instance(module, {
        env: {
          // Only a failed assertion of the AssemblyScript runtime calls it; the scanner has none (--noAssert).
          abort: () => {
            throw new Error('the WebAssembly pre-scan aborted');
          },
        },
      });
      instance = inst.exports as unknown as PrescanExports;
    } catch (e) {
      instance = e instanceof Error ? e : new Error(String(e));
    }
  }
  return instance;
}

/** There is no instance, or it cannot take this input (past 2 GiB, or its memory cannot grow): use the JavaScript scanner. */
export class PrescanWasmUnavailable extends Error {}

/**
 * The records of a CloudTrail log file and which are quiet, or undefined when the bytes are not exactly one
 * `{"Records": [...]}` JSON document; exactly what prescanJs returns for the same arguments. Throws
 * PrescanWasmUnavailable when WebAssembly cannot run it.
 */
export function prescanWasm(bytes: Uint8Array, idx: RuleIndex, wantTime: boolean): PrescanResult | undefined {
  const ex = prescanInstance();
  if (ex instanceof Error) throw new PrescanWasmUnavailable(ex.message);
  const n = bytes.byteLength;
  // Offsets travel as signed 32-bit numbers: a file past 2 GiB (only with IAM_GUARDIAN_MAX_INPUT_MB raised) is left to
  // the JavaScript scanner.
  if (n > MAX_WASM_INPUT) throw new PrescanWasmUnavailable(`a ${n}-byte file is beyond the WebAssembly scanner's 2 GiB`);
  const at = ex.inputAt(n);
  if (at === 0) throw new PrescanWasmUnavailable(`no memory for a ${n}-byte file`);
  new Uint8Array(ex.memory.buffer, at, n).set(bytes);
  if (tableIdx !== idx) {
    ex.resetNames();
    tableIdx = idx;
  }
  const count = ex.scan();
  if (count === -2) throw new PrescanWasmUnavailable(`no memory for the records of a ${n}-byte file`);
  if (count < 0) return undefined;
  // After scan(): the memory may have grown (a new buffer).
  const out = new Int32Array(ex.memory.buffer, ex.outputAt(), count * OUT_INTS);
  const spans: number[] = new Array<number>(2 * count);
  const quiet: (string | undefined | null)[] = new Array<string | undefined | null>(count);
  for (let i = 0, o = 0; i < count; i++, o += OUT_INTS) {
    spans[2 * i] = out[o];
    spans[2 * i + 1] = out[o + 1];
    const state = out[o + 2];
    if (state === LOUD) {
      quiet[i] = null;
      continue;
    }
    if (state & ASK && !askName(ex, idx, bytes, out[o + 3], out[o + 4], out[o + 5])) {
      quiet[i] = null;
      continue;
    }
    if ((state & ~ASK) === QUIET_TIMED) {
      const ts = out[o + 6];
      const te = out[o + 7];
      quiet[i] = te === ts ? '' : wantTime ? Buffer.from(bytes.buffer, bytes.byteOffset + ts, te - ts).toString('utf8') : TIMED;
    } else quiet[i] = undefined;
  }
  return { spans, quiet };
}

/** The verdict of an event name the instance did not know (bytes s..e, hash h), added to its table. */
function askName(ex: PrescanExports, idx: RuleIndex, bytes: Uint8Array, s: number, e: number, h: number): boolean {
  let ascii = true;
  for (let i = s; i < e; i++) if (bytes[i] >= 0x80) ascii = false;
  const allowed = ascii ? asciiNameAllowed(idx, bytes, s, e, h) : quietEventNameAllowed(idx, Buffer.from(bytes.buffer, bytes.byteOffset + s, e - s).toString('utf8'));
  if (e - s <= MAX_NAME) {
    new Uint8Array(ex.memory.buffer, ex.stagingAt(), e - s).set(bytes.subarray(s, e));
    ex.addName(h, e - s, allowed ? 1 : 0);
  }
  return allowed;
}
