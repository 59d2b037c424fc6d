/**
 * lib/policy/lint/locate: where each part of a policy file is (so check-policy can say "line 6, column 17"), and the
 * keys that appear twice in one object (JSON.parse keeps the last; AWS rejects the document).
 */
import { locateJson, pathKey } from '../../lib/policy/lint/locate';

/** The text a located span covers. */
const at = (text: string, span: { offset: number; length: number } | undefined): string | undefined => (span ? text.slice(span.offset, span.offset + span.length) : undefined);

const TEXT = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "*",
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    },
    {"Effect": "Deny", "Action": "*", "Resource": "*"}
  ]
}`;

describe('locateJson', () => {
  const loc = locateJson(TEXT);

  it('locates every value by its JSON path, objects and arrays with their whole extent', () => {
    expect(at(TEXT, loc.get([])?.value)).toBe(TEXT);
    expect(at(TEXT, loc.get(['Version'])?.value)).toBe('"2012-10-17"');
    expect(at(TEXT, loc.get(['Statement', 0, 'Action'])?.value)).toBe('["s3:GetObject", "s3:PutObject"]');
    expect(at(TEXT, loc.get(['Statement', 0, 'Action', 1])?.value)).toBe('"s3:PutObject"');
    expect(at(TEXT, loc.get(['Statement', 1])?.value)).toBe('{"Effect": "Deny", "Action": "*", "Resource": "*"}');
    expect(at(TEXT, loc.get(['Statement', 1, 'Effect'])?.value)).toBe('"Deny"');
    expect(at(TEXT, loc.get(['Statement', 0, 'Condition', 'Bool', 'aws:SecureTransport'])?.value)).toBe('"true"');
    expect(loc.get(['Statement', 2])).toBeUndefined();
    expect(loc.get(['Nope'])).toBeUndefined();
  });

  it('a member value comes with its key\'s span; array items and the root have none', () => {
    expect(at(TEXT, loc.get(['Statement', 0, 'Resource'])?.key)).toBe('"Resource"');
    expect(at(TEXT, loc.get(['Statement'])?.key)).toBe('"Statement"');
    expect(loc.get(['Statement', 0])?.key).toBeUndefined();
    expect(loc.get([])?.key).toBeUndefined();
  });

  it('turns offsets into 1-based lines and columns', () => {
    expect(loc.lineColumn(0)).toEqual({ line: 1, column: 1 });
    const action = loc.get(['Statement', 0, 'Action']);
    expect(loc.lineColumn(action?.value.offset ?? -1)).toEqual({ line: 6, column: 17 });
    expect(loc.lineColumn(action?.key?.offset ?? -1)).toEqual({ line: 6, column: 7 });
    expect(loc.lineColumn(TEXT.length - 1)).toEqual({ line: 12, column: 1 });
    const deny = loc.get(['Statement', 1, 'Effect']);
    expect(loc.lineColumn(deny?.value.offset ?? -1)).toEqual({ line: 10, column: 16 });
    // The first character of each line, and the newline ending the line before it.
    expect(loc.lineColumn(TEXT.indexOf('\n') + 1)).toEqual({ line: 2, column: 1 });
    expect(loc.lineColumn(TEXT.indexOf('\n'))).toEqual({ line: 1, column: 2 });
  });

  it('finds keys that appear twice in one object (with the second key\'s place), not the same key in two objects', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "a:b", "Effect": "Deny"}, {"Effect": "Allow"}], "Version": "x"}';
    const l = locateJson(text);
    expect(l.duplicates).toEqual([
      { path: ['Statement', 0], key: 'Effect', span: { offset: text.lastIndexOf('"Effect": "Deny"'), length: '"Effect"'.length } },
      { path: [], key: 'Version', span: { offset: text.lastIndexOf('"Version"'), length: '"Version"'.length } },
    ]);
    expect(locateJson(TEXT).duplicates).toEqual([]);
  });

  it('after a comma a string in an object is the next key, in an array the next item', () => {
    const text = '{"a": ["x", "y"], "b": "z"}';
    const l = locateJson(text);
    expect(at(text, l.get(['a', 1])?.value)).toBe('"y"');
    expect(at(text, l.get(['b'])?.value)).toBe('"z"');
    expect(at(text, l.get(['b'])?.key)).toBe('"b"');
    expect(l.get(['y'])).toBeUndefined();
  });

  it('records down to the depth asked for, and nothing deeper (a crafted file is nested 200,000 deep)', () => {
    const text = '{"a": {"b": {"c": {"d": "deep"}}}}';
    const shallow = locateJson(text, 2);
    expect(at(text, shallow.get(['a', 'b'])?.value)).toBe('{"c": {"d": "deep"}}');
    expect(shallow.get(['a', 'b', 'c'])).toBeUndefined();
    expect(shallow.get(['a', 'b', 'c', 'd'])).toBeUndefined();
    const arrays = '[[[["x"]]]]';
    const a = locateJson(arrays, 2);
    expect(at(arrays, a.get([0, 0])?.value)).toBe('[["x"]]');
    expect(a.get([0, 0, 0])).toBeUndefined();
    expect(a.get([0, 0, 0, 0])).toBeUndefined();
    const deep = `${'['.repeat(200_000)}1${']'.repeat(200_000)}`;
    const d = locateJson(deep);
    expect(at(deep, d.get([0, 0, 0, 0, 0, 0, 0, 0])?.value)?.length).toBe(deep.length - 16);
    expect(d.get([0, 0, 0, 0, 0, 0, 0, 0, 0])).toBeUndefined();
    // Duplicates are looked for only where paths are recorded.
    const dup = `{"a": {"b": {"c": {"k": 1, "k": 2}}}}`;
    expect(locateJson(dup, 2).duplicates).toEqual([]);
    expect(locateJson(dup, 3).duplicates.map((x) => x.key)).toEqual(['k']);
  });

  it('comments, line breaks and odd spacing change no path', () => {
    const text = '{\r\n  // c\n  "a" /* b */ :\n\n  [ 1 ,\t2 ]\n}';
    const l = locateJson(text);
    expect(at(text, l.get(['a', 1])?.value)).toBe('2');
    expect(l.lineColumn(l.get(['a', 1])?.value.offset ?? -1)).toEqual({ line: 5, column: 9 });
  });

  it('path keys are the JSON of the path', () => {
    expect(pathKey(['Statement', 0, 'Action'])).toBe('["Statement",0,"Action"]');
  });
});
