/**
 * What the two quiet pre-scans of a replay share (the JavaScript one, prescan-js.ts, and the WebAssembly one,
 * wasm/prescan-wasm.ts): their result, and the cache of event-name verdicts they consult by the name's bytes.
 */
import type { RuleIndex } from '../engine/score-event';
import { quietEventNameAllowed } from '../engine/score-event';

export interface PrescanResult {
  /** Byte offsets of each record: start (its first byte) and end (after its last byte), two numbers per record. */
  spans: number[];
  /**
   * Per record: null when loud; when quiet, its eventTime (undefined when it has none or is not a string; TIMED for a
   * non-empty one when the caller asked for no times).
   */
  quiet: (string | undefined | null)[];
}

/** Marks a quiet record's non-empty eventTime when the caller does not need its value (no --since/--until). */
export const TIMED = 'timed';

interface NameEntry {
  name: string;
  allowed: boolean;
}
/** Per rule index: FNV-1a hash of an ASCII event name's bytes → the names seen with that hash and their verdicts. */
const nameCaches = new WeakMap<RuleIndex, Map<number, NameEntry[]>>();
/** Names remembered in all (an archive of ever-new names costs a lookup each, never unbounded memory). */
const MAX_CACHED_NAMES = 4096;
let cachedNames = 0;

/**
 * quietEventNameAllowed for the ASCII event name at bytes[s..e) whose FNV-1a hash (32-bit, as Math.imul gives it) is
 * `h`, remembered by its bytes: no string is made and looked up for the same few hundred names of an archive again
 * and again.
 */
export function asciiNameAllowed(idx: RuleIndex, bytes: Uint8Array, s: number, e: number, h: number): boolean {
  let cache = nameCaches.get(idx);
  if (!cache) nameCaches.set(idx, (cache = new Map()));
  const list = cache.get(h);
  if (list) {
    for (const entry of list) {
      const name = entry.name;
      if (name.length !== e - s) continue;
      let same = true;
      for (let i = 0; i < name.length; i++) {
        if (name.charCodeAt(i) !== bytes[s + i]) {
          same = false;
          break;
        }
      }
      if (same) return entry.allowed;
    }
  }
  // ASCII: latin1 decodes each byte to the same character.
  const name = Buffer.from(bytes.buffer, bytes.byteOffset + s, e - s).toString('latin1');
  const allowed = quietEventNameAllowed(idx, name);
  if (cachedNames < MAX_CACHED_NAMES) {
    cachedNames++;
    if (list) list.push({ name, allowed });
    else cache.set(h, [{ name, allowed }]);
  }
  return allowed;
}
