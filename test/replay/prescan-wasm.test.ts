/**
 * The WebAssembly pre-scan (lib/replay/wasm/prescan-wasm.ts) gives exactly the JavaScript scanner's result
 * (lib/replay/prescan-js.ts) for any bytes, grows its memory for large files and many records, and the replay falls
 * back to the JavaScript scanner where WebAssembly cannot run. test/replay/prescan.test.ts runs the full-path
 * properties on both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { baseEventName, quietEventNameAllowed, ruleIndex } from '../../lib/engine/score-event';
import { REQUIRED_REQUEST_PARAMETERS } from '../../lib/cloudtrail/normalize';
import { EVENT_RULES } from '../../lib/rules/event';
import { READ_PROBLEM_KEY } from '../../lib/cloudtrail/normalize';
import { prescanJs } from '../../lib/replay/prescan-js';
import { MAX_WASM_INPUT, PrescanWasmUnavailable, prescanInstance, prescanWasm } from '../../lib/replay/wasm/prescan-wasm';

const ROOT = join(__dirname, '..', '..');
const idx = ruleIndex(DEFAULT_CONFIG, EVENT_RULES);
const noise = {
  eventVersion: '1.10',
  userIdentity: { type: 'AssumedRole', accountId: '111122223333', sessionContext: { attributes: { mfaAuthenticated: 'false' } } },
  eventTime: '2026-11-02T09:00:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'DescribeInstances',
  awsRegion: 'us-east-1',
  requestParameters: { maxResults: 100 },
  responseElements: null,
  eventID: 'e-1',
  recipientAccountId: '111122223333',
};
const doc = (records: unknown[]) => Buffer.from(JSON.stringify({ Records: records }));

/** Both scanners on the same bytes, with and without times: the same result. */
function same(bytes: Uint8Array): ReturnType<typeof prescanJs> {
  const js = prescanJs(bytes, idx, true);
  expect(prescanWasm(bytes, idx, true)).toEqual(js);
  expect(prescanWasm(bytes, idx, false)).toEqual(prescanJs(bytes, idx, false));
  return js;
}

describe('WebAssembly pre-scan', () => {
  it('runs here (Node 20 and the Lambda runtime have WebAssembly with SIMD)', () => {
    expect(prescanInstance()).not.toBeInstanceOf(Error);
  });

  it('matches the JavaScript scanner on a valid document byte-edited anywhere', () => {
    const good = doc([noise, { ...noise, eventName: 'CreateUser', eventSource: 'iam.amazonaws.com' }, { ...noise, eventTime: 7 }]).toString('latin1');
    let scanned = 0;
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.constantFrom('cut', 'change', 'insert'), fc.integer({ min: 0, max: 255 }), (at, how, byte) => {
        const ch = String.fromCharCode(byte);
        const t = how === 'cut' ? good.slice(0, at) + good.slice(at + 1) : how === 'change' ? good.slice(0, at) + ch + good.slice(at + 1) : good.slice(0, at) + ch + good.slice(at);
        if (same(Buffer.from(t, 'latin1'))) scanned++;
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: many edits left a valid document that both scanned record by record.
    expect(scanned).toBeGreaterThan(300);
  });

  it('matches the JavaScript scanner on arbitrary JSON and arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant<unknown>(noise), fc.jsonValue({ maxDepth: 4 }), fc.dictionary(fc.constantFrom('eventName', 'eventSource', 'eventID', 'userIdentity', 'type', 'eventTime', 'errorCode', 'x'), fc.jsonValue({ maxDepth: 2 })))), (records) => {
        same(doc(records));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        same(Buffer.concat([Buffer.from('{"Records":['), bytes, Buffer.from(']}')]));
        same(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('matches the JavaScript scanner with values nested to every depth up to its limit (the container stack stays in its own memory)', () => {
    const q = JSON.stringify(noise).slice(1, -1);
    for (const depth of [1, 2, 15, 16, 17, 31, 32, 33, 64, 100, 255, 256, 257, 511, 512, 513]) {
      const nested = `${'[{"a":'.repeat(depth >> 1)}${depth & 1 ? '[1]' : '1'}${'}]'.repeat(depth >> 1)}`;
      // Before and after the fields the scanner reads, in a quiet record and a loud one.
      for (const rec of [`{"requestParameters":{"x":${nested}},${q}}`, `{${q},"tlsDetails":${nested}}`, `{"x":${nested},${q},"eventName":"CreateUser"}`]) {
        const r = same(Buffer.from(`{"Records":[${rec},${rec}]}`));
        // Within the limit both scan the file; past it (MAX_DEPTH 512, counted from the record's value) neither does.
        if (depth <= 500 || depth === 513) expect([depth, r === undefined]).toEqual([depth, depth === 513]);
      }
    }
  });

  it('matches the JavaScript scanner on every prefix of a document (strings cut at the end of the input, at any alignment)', () => {
    const text = doc([{ ...noise, userAgent: 'aws-cli/2.17.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 md/arch#x86_64 '.repeat(3) }]);
    for (let len = 0; len <= text.length; len++) same(text.subarray(0, len));
    expect(same(text)?.quiet).toHaveLength(1);
  });

  it('reads an event name with non-ASCII bytes by its text', () => {
    for (const name of ['Describé', 'DescribeInstances\u00a0', '😀CreateUser']) {
      const r = same(doc([{ ...noise, eventName: name }]));
      expect(r?.quiet[0] === null).toBe(!quietEventNameAllowed(idx, name));
    }
  });

  it('grows its memory for a large file and for many records, and a smaller file afterwards reads only its own bytes', () => {
    // 200,000 records (the output grows past its first slice) and an 8 MB string (the input grows).
    const many = Buffer.from(`{"Records":[${Array.from({ length: 200_000 }, (_, i) => (i % 2 ? '{}' : '1')).join(',')}]}`);
    const r = prescanWasm(many, idx, true);
    expect(r?.quiet.length).toBe(200_000);
    expect(r?.spans.slice(0, 4)).toEqual([12, 13, 14, 16]);
    const big = doc([{ ...noise, userAgent: 'a'.repeat(8 * 1024 * 1024) }, noise]);
    expect(prescanWasm(big, idx, true)).toEqual(prescanJs(big, idx, true));
    // The previous file's bytes are still in memory after this one's end: a cut document must not read them.
    const small = doc([noise]);
    expect(prescanWasm(small.subarray(0, small.length - 2), idx, true)).toBeUndefined();
    expect(prescanWasm(small, idx, true)).toEqual(prescanJs(small, idx, true));
  });

  it('keeps event-name verdicts for one rule configuration at a time (its name table is reset when the rules change)', () => {
    // A routed name whose rules a configuration disables: loud under the defaults, quiet under that configuration.
    const name = [...idx.byName.keys()].find((k) => /^[A-Z][A-Za-z]+$/.test(k) && !(k in REQUIRED_REQUEST_PARAMETERS) && k === baseEventName(k))!;
    const disabledRules = EVENT_RULES.filter((r) => r.eventNames.includes(name)).map((r) => r.id);
    const other = ruleIndex({ ...DEFAULT_CONFIG, disabledRules }, EVENT_RULES);
    expect(quietEventNameAllowed(other, name)).toBe(true);
    const bytes = doc([noise, { ...noise, eventName: name }, { ...noise, eventName: name }]);
    for (let round = 0; round < 3; round++) {
      expect(prescanWasm(bytes, idx, true)?.quiet.map((q) => q !== null)).toEqual([true, false, false]);
      expect(prescanWasm(bytes, other, true)?.quiet.map((q) => q !== null)).toEqual([true, true, true]);
    }
  });

  it('decides more distinct event names than its table holds, and names too long for it', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `Describe${i.toString(36)}Things`);
    names.push('Describe'.padEnd(300, 'x'));
    const bytes = doc([...names, ...names].map((eventName, i) => ({ ...noise, eventID: `e-${i}`, eventName })));
    for (let round = 0; round < 2; round++) {
      const r = same(bytes);
      expect(r?.quiet.filter((q) => q !== null).length).toBe(2 * names.length);
    }
  });

  it('knows the keys the JavaScript scanner reads (its source names the read-problem key the same)', () => {
    const source = readFileSync(join(ROOT, 'lib', 'replay', 'wasm', 'prescan.as.ts'), 'utf8');
    expect(source).toContain(`'${READ_PROBLEM_KEY}'`);
    const js = readFileSync(join(ROOT, 'lib', 'replay', 'prescan-js.ts'), 'utf8');
    const names = (text: string, re: RegExp) => [...new Set([...text.matchAll(re)].map((m) => m[1]))].sort();
    // Every key and value the JavaScript scanner compares bytes with (nameOf), the WebAssembly one compares too.
    expect(names(source, /(?:keyIs|fieldIs)\([^']*'([^']+)'\)/g)).toEqual(names(`${js} nameOf('${READ_PROBLEM_KEY}')`, /nameOf\('([^']+)'\)/g));
  });

  it('falls back to the JavaScript scanner where WebAssembly cannot run', () => {
    const g = globalThis as unknown as { WebAssembly?: unknown };
    const saved = g.WebAssembly;
    const bytes = doc([noise, { ...noise, eventName: 'CreateAccessKey' }]);
    try {
      // Removed for this test, as `node --jitless` has none.
      delete g.WebAssembly;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const fresh = require('../../lib/replay/prescan') as typeof import('../../lib/replay/prescan');
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const wasm = require('../../lib/replay/wasm/prescan-wasm') as typeof import('../../lib/replay/wasm/prescan-wasm');
        expect(wasm.prescanInstance()).toBeInstanceOf(Error);
        expect(fresh.prescan(bytes, idx)).toEqual(prescanJs(bytes, idx));
      });
    } finally {
      g.WebAssembly = saved;
    }
  });

  it('falls back to the JavaScript scanner for good after a fault of the WebAssembly one (no record is lost)', () => {
    const bytes = doc([noise, { ...noise, eventName: 'CreateAccessKey' }]);
    jest.isolateModules(() => {
      const spy = jest.fn(() => {
        throw new Error('RuntimeError: memory access out of bounds');
      });
      jest.doMock('../../lib/replay/wasm/prescan-wasm', () => ({ ...jest.requireActual('../../lib/replay/wasm/prescan-wasm'), prescanWasm: spy }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../../lib/replay/prescan') as typeof import('../../lib/replay/prescan');
      expect(fresh.prescan(bytes, idx)).toEqual(prescanJs(bytes, idx));
      expect(fresh.prescan(bytes, idx)).toEqual(prescanJs(bytes, idx));
      // Once: after the fault the WebAssembly scanner is not tried again in this thread.
      expect(spy).toHaveBeenCalledTimes(1);
    });
    jest.dontMock('../../lib/replay/wasm/prescan-wasm');
  });

  it('leaves a file past 2 GiB to the JavaScript scanner (its offsets are signed 32-bit numbers)', () => {
    const huge = { byteLength: MAX_WASM_INPUT + 1, buffer: new ArrayBuffer(0), byteOffset: 0 } as unknown as Uint8Array;
    expect(() => prescanWasm(huge, idx, true)).toThrow(PrescanWasmUnavailable);
    expect(MAX_WASM_INPUT).toBeLessThan(2 ** 31);
  });

  it('is what its source compiles to (npm run build:wasm)', () => {
    const res = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-wasm.js'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect([res.status, res.stderr]).toEqual([0, '']);
  }, 120_000);
});
