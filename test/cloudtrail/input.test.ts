import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { InputError, documentField, readEventFile, recordsOf } from '../../lib/cloudtrail/input';

const rec = (id: string) => ({ eventID: id, eventName: 'CreateUser', eventSource: 'iam.amazonaws.com' });
const env = (id: string) => ({ version: '0', id: 'x', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.iam', account: '111122223333', detail: rec(id) });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamg-input-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('recordsOf', () => {
  it('an envelope or a bare record is one event', () => {
    expect(recordsOf(env('a'))).toHaveLength(1);
    expect(recordsOf(rec('a'))).toEqual([rec('a')]);
  });
  it('a CloudTrail log file yields its Records', () => {
    expect(recordsOf({ Records: [rec('a'), rec('b')] })).toEqual([rec('a'), rec('b')]);
  });
  it('a JSON array yields its items (log files inside are flattened)', () => {
    expect(recordsOf([env('a'), { Records: [rec('b'), rec('c')] }])).toHaveLength(3);
  });
  it('an unreadable value is still one (unreadable) event, never dropped', () => {
    expect(recordsOf(42)).toEqual([42]);
    expect(recordsOf({ Records: 'nope' })).toEqual([{ Records: 'nope' }]);
  });
});

describe('readEventFile', () => {
  it('reads an envelope, a bare record and a log file', async () => {
    expect(await readEventFile(file('env.json', JSON.stringify(env('a'))))).toHaveLength(1);
    expect(await readEventFile(file('bare.json', JSON.stringify(rec('a'))))).toEqual([rec('a')]);
    expect(await readEventFile(file('log.json', JSON.stringify({ Records: [rec('a'), rec('b')] })))).toHaveLength(2);
  });
  it('reads gzip by its magic bytes, whatever the file name', async () => {
    const gz = gzipSync(Buffer.from(JSON.stringify({ Records: [rec('a'), rec('b'), rec('c')] })));
    expect(await readEventFile(file('111122223333_CloudTrail_us-east-1_20261102T0915Z_abc.json.gz', gz))).toHaveLength(3);
    expect(await readEventFile(file('no-extension', gz))).toHaveLength(3);
  });
  it('strips a UTF-8 byte order mark', async () => {
    expect(await readEventFile(file('bom.json', `\ufeff${JSON.stringify(rec('a'))}`))).toEqual([rec('a')]);
  });
  it('reads JSON Lines', async () => {
    expect(await readEventFile(file('lines.jsonl', `${JSON.stringify(env('a'))}\n${JSON.stringify(rec('b'))}\n`))).toHaveLength(2);
  });

  async function problemOf(p: string): Promise<InputError> {
    try {
      await readEventFile(p);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return e as InputError;
    }
    throw new Error('expected an InputError');
  }

  it('invalid JSON names the file and the problem', async () => {
    const p = file('bad.json', '{"eventName": ');
    const e = await problemOf(p);
    expect(e.file).toBe(p);
    expect(e.problem).toMatch(/^invalid JSON/);
    expect(e.message).toContain(p);
  });
  it('invalid JSON on one line of JSON Lines names the line', async () => {
    const e = await problemOf(file('bad.jsonl', `${JSON.stringify(rec('a'))}\n{oops\n`));
    expect(e.problem).toMatch(/line 2/);
  });
  it('an empty file', async () => {
    expect((await problemOf(file('empty.json', ''))).problem).toBe('file is empty');
    expect((await problemOf(file('blank.json', ' \n\t'))).problem).toBe('file is empty');
  });
  it('a missing file, a directory, corrupt gzip, binary junk', async () => {
    expect((await problemOf(join(dir, 'missing.json'))).problem).toBe('file not found');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    expect((await problemOf(join(dir, 'sub'))).problem).toBe('is a directory, not a file');
    expect((await problemOf(file('corrupt.json.gz', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3])))).problem).toMatch(/gzip data is corrupt/);
    expect((await problemOf(file('junk.bin', Buffer.from([0xff, 0xfe, 0xfd, 0x00])))).problem).toBe('file is not UTF-8 text');
  });
});

describe('documentField', () => {
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] };
  it('reads a JSON string (requestParameters form)', () => {
    const r = documentField({ policyDocument: JSON.stringify(doc, null, 4) }, 'policyDocument');
    expect(r.ok && r.document.statements[0].action).toEqual(['iam:*']);
  });
  it('reads a URL-encoded string (responseElements form)', () => {
    const r = documentField({ assumeRolePolicyDocument: encodeURIComponent(JSON.stringify(doc)) }, 'assumeRolePolicyDocument', 'responseElements.role');
    expect(r.ok).toBe(true);
  });
  it('says what is missing or broken, naming the field', () => {
    expect(documentField({}, 'policyDocument')).toEqual({ ok: false, error: 'requestParameters.policyDocument is missing' });
    const r = documentField({ policyDocument: '%7B%22Statement%' }, 'policyDocument');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^requestParameters.policyDocument: /);
  });
});
