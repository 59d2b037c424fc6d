/**
 * Unbounded and malformed input files (issue 12 / 15): gzip bombs (generated here, not committed), endless files,
 * YAML alias bombs, over-long globs, deep JSON, `lookup-events` output. Each: the safe outcome and an error that
 * names the file in a few lines. Time bounds are hang detection only.
 */
import { mkdtempSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { readEventFile, InputError } from '../../lib/cloudtrail/input';
import { readBoundedFile, FileTooLargeError, maxInputBytes, DEFAULT_MAX_INPUT_BYTES } from '../../lib/io/bounded-read';
import { loadConfig, ConfigError } from '../../lib/config/load';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';
import { deepListText, sample } from './inputs/corpus';

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'adv-files-'));
const MiB = 1024 * 1024;

/** A gzip of `mib` MiB of spaces (a bomb: about 1/1000 of that on disk), streamed so the test never holds it. */
async function gzipBomb(name: string, mib: number): Promise<string> {
  const file = join(dir, name);
  const chunk = Buffer.alloc(MiB, 0x20);
  let left = mib;
  const src = new Readable({
    read() {
      this.push(left-- > 0 ? chunk : null);
    },
  });
  await pipeline(src, createGzip({ level: 9 }), createWriteStream(file));
  return file;
}

function lines(text: string): number {
  return text.trimEnd().split('\n').length;
}

describe('size limits', () => {
  it('the default is 256 MiB and IAM_GUARDIAN_MAX_INPUT_MB changes it', () => {
    expect(DEFAULT_MAX_INPUT_BYTES).toBe(256 * MiB);
    expect(maxInputBytes({})).toBe(256 * MiB);
    expect(maxInputBytes({ IAM_GUARDIAN_MAX_INPUT_MB: '1' })).toBe(MiB);
    expect(maxInputBytes({ IAM_GUARDIAN_MAX_INPUT_MB: 'lots' })).toBe(256 * MiB);
  });

  it('a gzip bomb stops at the limit with a named, specific error', async () => {
    const bomb = await gzipBomb('bomb.json.gz', 64);
    const t = performance.now();
    const err = await readEventFile(bomb, 4 * MiB).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).file).toBe(bomb);
    expect((err as InputError).problem).toMatch(/once inflated is larger than the 4 MiB limit per file/);
    expect(performance.now() - t).toBeLessThan(20_000);
  });

  it('an endless file (/dev/zero) is read up to the limit only', async () => {
    await expect(readBoundedFile('/dev/zero', MiB)).rejects.toBeInstanceOf(FileTooLargeError);
    await expect(readEventFile('/dev/zero', MiB)).rejects.toThrow(/\/dev\/zero: the file is larger than the 1 MiB limit/);
  });

  it('score: a too-large file is reported by name (exit 1) and the other files are still scored', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, `{"Records":[${'{"eventName":"x"},'.repeat(70_000)}{}]}`);
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(sample('stop-logging.json')));
    process.env.IAM_GUARDIAN_MAX_INPUT_MB = '1';
    try {
      const io = memoryIo(dir);
      expect(await main(['node', 'iam-guardian', 'score', '--json', big, good], io)).toBe(1);
      expect(io.stderr).toMatch(/big\.json: the file is larger than the 1 MiB limit per file/);
      expect(lines(io.stderr)).toBe(1);
      expect(io.stdout).toMatch(/cloudtrail-tampered/);
    } finally {
      delete process.env.IAM_GUARDIAN_MAX_INPUT_MB;
    }
  });
});

describe('configuration files', () => {
  it('a YAML alias bomb is refused with the file named', () => {
    const file = join(dir, 'bomb.yaml');
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [i, c] of ['b', 'c', 'd', 'e', 'f', 'g', 'h'].entries()) {
      const prev = 'abcdefg'[i];
      levels.push(`${c}: &${c} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    writeFileSync(file, `${levels.join('\n')}\n`);
    const t = performance.now();
    expect(() => loadConfig({ file, cwd: dir })).toThrow(ConfigError);
    try {
      loadConfig({ file, cwd: dir });
    } catch (e) {
      expect((e as ConfigError).message).toMatch(/bomb\.yaml: cannot be read: too many YAML alias expansions/);
      expect(lines((e as ConfigError).message)).toBe(1);
    }
    expect(performance.now() - t).toBeLessThan(10_000);
  });

  it('a 200 KB glob gives a short message naming file and line', () => {
    const file = join(dir, 'long-glob.yaml');
    writeFileSync(file, `suppressions:\n  - rule: admin-access\n    resource: "arn:aws:iam::123456789012:role/${'a*'.repeat(100_000)}"\n    reason: x\n    expires: 2099-01-01\n`);
    try {
      loadConfig({ file, cwd: dir });
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as ConfigError).message;
      expect(msg).toMatch(/long-glob\.yaml:3: suppressions\[0\]\.resource/);
      expect(msg.length).toBeLessThan(600);
    }
  });

  it('an endless configuration file is refused, named', () => {
    expect(() => loadConfig({ file: '/dev/zero', cwd: dir })).toThrow(/\/dev\/zero: cannot read configuration: the file is larger than the 4 MiB limit/);
  });
});

describe('check-policy on hostile documents', () => {
  it.each([5_000, 200_000])('JSON nested %i levels deep: judged invalid with line and column (AWS rejects a list inside Action), the limit named, no stack trace', async (depth) => {
    const file = join(dir, `deep-${depth}.json`);
    writeFileSync(file, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject",${deepListText(depth)}],"Resource":"*","Condition":{"StringEquals":{"k":${deepListText(depth)}}}}]}`);
    const io = memoryIo(dir);
    expect(await main(['node', 'iam-guardian', 'check-policy', file], io)).toBe(2);
    expect(io.stdout).toMatch(/^\S+: INVALID: AWS rejects this policy/);
    expect(io.stdout).toMatch(/1:81 +error +Statement 0 Action entry 1 is a list of 1, not a string/);
    expect(io.stdout).toMatch(/not fully evaluated: policy document is nested more than 32 levels deep/);
    expect(io.stderr).toMatch(/^iam-guardian check-policy: \S+: invalid policy: AWS would reject it/);
    expect(lines(io.stderr)).toBe(1);
  });

  it('an endless policy file is refused, named, exit 1', async () => {
    const io = memoryIo(dir);
    expect(await main(['node', 'iam-guardian', 'check-policy', '/dev/zero'], io)).toBe(1);
    expect(io.stderr).toMatch(/\/dev\/zero: cannot read: the file is larger than the 4 MiB limit/);
    expect(lines(io.stderr)).toBe(1);
  });
});

describe('aws cloudtrail lookup-events output', () => {
  it('is read as the records it holds; a malformed CloudTrailEvent is its own unparseable-event', async () => {
    const good1 = sample('root-create-access-key.json').detail as Record<string, unknown>;
    const good2 = sample('stop-logging.json').detail as Record<string, unknown>;
    const file = join(dir, 'lookup.json');
    writeFileSync(
      file,
      JSON.stringify({
        Events: [
          { EventId: good1.eventID, EventName: 'CreateAccessKey', EventTime: '2026-11-02T09:14:27+00:00', CloudTrailEvent: JSON.stringify(good1) },
          { EventId: 'broken-1', EventName: 'DeleteTrail', EventTime: 1793610000, EventSource: 'cloudtrail.amazonaws.com', CloudTrailEvent: '{"eventVersion":"1.09","trunc' },
          { EventId: good2.eventID, EventName: 'StopLogging', CloudTrailEvent: JSON.stringify(good2) },
        ],
        NextToken: 'eyJ4IjoxfQ==',
      }),
    );
    const records = await readEventFile(file);
    expect(records).toHaveLength(3);
    const io = memoryIo(dir);
    await main(['node', 'iam-guardian', 'score', '--json', file], io);
    const out = io.stdout.trim().split('\n').map((l) => JSON.parse(l) as { eventId: string; findings: { ruleId: string; message: string }[] });
    expect(out.map((o) => o.eventId)).toEqual([good1.eventID, 'broken-1', good2.eventID]);
    expect(out[0].findings.map((f) => f.ruleId)).toContain('root-access-key-created');
    expect(out[1].findings.find((f) => f.ruleId === 'unparseable-event')?.message).toMatch(/Events\[1\]\.CloudTrailEvent is not valid JSON/);
    expect(out[2].findings.map((f) => f.ruleId)).toContain('cloudtrail-tampered');
  });
});
