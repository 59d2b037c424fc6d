/** Building objects from others on hot paths, in the way Node 20's V8 handles fast. Pure. */

/**
 * `extra`'s own enumerable keys set on `target`, in order: what `{ ...target, ...extra }` would hold, without a new
 * object. Node 20's V8 gives each object built by a spread followed by new keys a hidden class of its own (about 2 µs
 * an object, measured; an object built key by key reuses the classes it found before), and the hot paths of scoring
 * build such objects for every hit. A `__proto__` key (JSON.parse makes one an own property) is defined as a plain
 * property, as a spread would, never taken as the prototype. (Symbol keys are not copied: no object here has any.)
 */
export function assignOwn<T extends object>(target: T, extra: object): T {
  const t = target as Record<string, unknown>;
  const x = extra as Record<string, unknown>;
  for (const k of Object.keys(x)) {
    if (k === '__proto__') Object.defineProperty(t, k, { value: x[k], enumerable: true, writable: true, configurable: true });
    else t[k] = x[k];
  }
  return target;
}
