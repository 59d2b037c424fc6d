/**
 * Text of a thrown value that can be anything (an SDK error, a string, a Step Functions error payload, an object whose
 * `toString` is not a function or throws): never throws itself. Callers still make it one line and bound it for where
 * it goes.
 */
export function thrownText(err: unknown): string {
  try {
    if (typeof err === 'string') return err;
    const message = (err as { message?: unknown } | null | undefined)?.message;
    if (typeof message === 'string') return message;
    return String(err);
  } catch {
    try {
      return Object.prototype.toString.call(err);
    } catch {
      return 'unprintable error';
    }
  }
}

/** The `name` of a thrown value when it is a string (AWS error names), else undefined; never throws. */
export function thrownName(err: unknown): string | undefined {
  try {
    const name = (err as { name?: unknown } | null | undefined)?.name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** `Name: message` of a thrown value (name `Error` when it has none); never throws. */
export function thrownLine(err: unknown): string {
  return `${thrownName(err) ?? 'Error'}: ${thrownText(err)}`;
}
