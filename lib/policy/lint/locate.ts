/**
 * Where each part of a JSON text is: the offset of every value (and of the key naming it) down to a bounded depth, and
 * the keys that appear twice in one object (JSON.parse keeps the last; AWS rejects the document). Built with
 * jsonc-parser's scanner in one iterative pass (its tree parser recurses, and a hostile file is nested 200,000 deep).
 * Call it on text that JSON.parse accepted.
 */
import { createScanner } from 'jsonc-parser';

/** jsonc-parser's SyntaxKind (an ambient const enum, which isolated modules cannot read). */
const K = { OpenBrace: 1, CloseBrace: 2, OpenBracket: 3, CloseBracket: 4, Comma: 5, Colon: 6, String: 10, LineComment: 12, BlockComment: 13, LineBreak: 14, Trivia: 15, EOF: 17 } as const;

export type JsonPath = (string | number)[];

export interface Span {
  offset: number;
  length: number;
}

export interface Located {
  value: Span;
  /** The key's span, for a member of an object. */
  key?: Span;
}

export interface LineColumn {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (what editors show for the characters of a policy). */
  column: number;
}

export interface JsonLocations {
  get(path: JsonPath): Located | undefined;
  /** Keys seen twice in one object, with the path of the object and the second key's span. */
  duplicates: { path: JsonPath; key: string; span: Span }[];
  lineColumn(offset: number): LineColumn;
}

/** Deepest path recorded (a policy: document → Statement → i → Condition → operator → key → values → j = 8). */
const DEFAULT_MAX_DEPTH = 8;
const MAX_RECORDED = 200_000;

export function pathKey(path: JsonPath): string {
  return JSON.stringify(path);
}

interface Frame {
  kind: 'object' | 'array';
  path: JsonPath;
  start: number;
  next: number;
  key?: string;
  keySpan?: Span;
  expectKey: boolean;
  seen?: Set<string>;
}

export function locateJson(text: string, maxDepth = DEFAULT_MAX_DEPTH): JsonLocations {
  const spans = new Map<string, Located>();
  const duplicates: JsonLocations['duplicates'] = [];
  const scanner = createScanner(text, false);
  const stack: Frame[] = [];
  const record = (path: JsonPath, located: Located): void => {
    if (path !== TOO_DEEP && path.length <= maxDepth && spans.size < MAX_RECORDED) spans.set(pathKey(path), located);
  };
  // Frames deeper than maxDepth share this path (never recorded): copying paths 200,000 deep would cost O(depth²).
  const TOO_DEEP: JsonPath = [];
  const valuePath = (): { path: JsonPath; key?: Span } | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return { path: [] };
    if (top.kind === 'array') {
      const i = top.next++;
      return { path: top.path === TOO_DEEP || top.path.length >= maxDepth ? TOO_DEEP : [...top.path, i] };
    }
    if (top.key === undefined) return undefined;
    return { path: top.path === TOO_DEEP || top.path.length >= maxDepth ? TOO_DEEP : [...top.path, top.key], key: top.keySpan };
  };
  for (let kind: number = scanner.scan(); kind !== K.EOF; kind = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    const top = stack[stack.length - 1];
    switch (kind) {
      case K.Trivia:
      case K.LineBreak:
      case K.LineComment:
      case K.BlockComment:
      case K.Colon:
        break;
      case K.Comma:
        if (top?.kind === 'object') top.expectKey = true;
        break;
      case K.CloseBrace:
      case K.CloseBracket: {
        const done = stack.pop();
        if (done && done.path !== TOO_DEEP) {
          const hit = spans.get(pathKey(done.path));
          if (hit) hit.value.length = offset + length - done.start;
        }
        break;
      }
      default: {
        if (top?.kind === 'object' && top.expectKey && kind === K.String) {
          const key = scanner.getTokenValue();
          top.key = key;
          top.keySpan = { offset, length };
          top.expectKey = false;
          if (top.path !== TOO_DEEP) {
            top.seen ??= new Set();
            if (top.seen.has(key)) duplicates.push({ path: top.path, key, span: { offset, length } });
            top.seen.add(key);
          }
          break;
        }
        const at = valuePath();
        if (!at) break;
        record(at.path, { value: { offset, length }, ...(at.key ? { key: at.key } : {}) });
        if (kind === K.OpenBrace) stack.push({ kind: 'object', path: at.path, start: offset, next: 0, expectKey: true });
        else if (kind === K.OpenBracket) stack.push({ kind: 'array', path: at.path, start: offset, next: 0, expectKey: false });
      }
    }
  }
  let lineStarts: number[] | undefined;
  return {
    get: (path) => spans.get(pathKey(path)),
    duplicates,
    lineColumn(offset) {
      if (!lineStarts) {
        lineStarts = [0];
        for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
      }
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (lineStarts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
    },
  };
}
