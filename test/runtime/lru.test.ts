import { lruGet, lruSet } from '../../lib/runtime/lru';
import { parsePolicyDocument, parsePolicyText, sharedDocumentId } from '../../lib/policy/document';

describe('lruGet / lruSet', () => {
  it('keeps at most max entries, dropping the least recently used', () => {
    const c = new Map<string, number>();
    lruSet(c, 'a', 1, 2);
    lruSet(c, 'b', 2, 2);
    expect(lruGet(c, 'a')).toBe(1); // a is now the most recent
    lruSet(c, 'c', 3, 2);
    expect([...c.keys()]).toEqual(['a', 'c']);
    expect(lruGet(c, 'b')).toBeUndefined();
  });
});

describe('parsePolicyText', () => {
  const text = (n: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: `s3:GetObject`, Resource: `arn:aws:s3:::b${n}/*` }] });

  it('gives the same result object for the same text, with an id that stands for the content', () => {
    const a = parsePolicyText(text(1));
    expect(parsePolicyText(text(1))).toBe(a);
    expect(a).toEqual(parsePolicyDocument(text(1)));
    if (!a.ok) throw new Error('not parsed');
    const b = parsePolicyText(text(2));
    if (!b.ok) throw new Error('not parsed');
    expect(sharedDocumentId(a.document)).toBeDefined();
    expect(sharedDocumentId(b.document)).not.toBe(sharedDocumentId(a.document));
    const fresh = parsePolicyDocument(text(1));
    if (!fresh.ok) throw new Error('not parsed');
    expect(sharedDocumentId(fresh.document)).toBeUndefined();
  });

  it('parses a text past 64 KiB each time, and other inputs as parsePolicyDocument does', () => {
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(70 * 1024), Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    expect(parsePolicyText(big)).not.toBe(parsePolicyText(big));
    const obj = { Version: '2012-10-17', Statement: [] };
    expect(parsePolicyText(obj)).toEqual(parsePolicyDocument(obj));
  });

  it('remembers at most 512 texts', () => {
    const first = parsePolicyText(text(1000));
    for (let i = 0; i < 512; i++) parsePolicyText(text(2000 + i));
    expect(parsePolicyText(text(1000))).not.toBe(first);
  });
});
