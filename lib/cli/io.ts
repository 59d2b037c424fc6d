/**
 * The CLI's window on the world: output streams, terminal detection and the exit code commands set.
 *
 * Everything written through `out` and `err` passes through one filter (lib/text/escape.ts `escapeControls`, newlines
 * and tabs kept): names, ARNs, event ids, file names and error excerpts come from the people the monitor watches, and
 * an ESC, OSC, CR, backspace, C1 control or bidi override among them must reach the terminal as visible text (`\x1b`,
 * `\r`, `\u009b`, `\u202e`), never as a command to it. JSON output is unchanged by the filter except that raw C1 and
 * bidi characters inside strings become the equivalent JSON escapes (`\u009b` is the same JSON string). The CLI's own
 * terminal control (the self-rewriting progress line) goes through `progress`, the only unfiltered path.
 */
import { escapeControls } from '../text/escape';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /**
   * On a terminal: replace the progress line with `text` (escaped like everything else); `''` clears it. Only for
   * `isTty`; commands print plain lines through `err` otherwise.
   */
  progress(text: string): void;
  /** True when stderr is an interactive terminal (progress bars allowed). */
  isTty: boolean;
  /**
   * Commands call this to record a failure (exit 1, or the given status) while going on with other inputs; the highest
   * status recorded is the exit status.
   */
  fail(status?: number): void;
  exitCode(): number;
  cwd: string;
}

/**
 * The output filter: controls, bidi and invisible characters made visible; line breaks (LF and the CRLF pairs of CSV
 * output) and tabs kept. A CR right before LF only ends a line; a lone CR could overwrite it and is escaped.
 */
export function terminalSafe(text: string): string {
  const keep = { keepNewlines: true, keepTabs: true };
  return text.includes('\r\n') ? text.split('\r\n').map((part) => escapeControls(part, keep)).join('\r\n') : escapeControls(text, keep);
}

/** Erase-line prefix of the progress line: carriage return + CSI 2K. */
export const PROGRESS_PREFIX = '\r\x1b[2K';

/**
 * When the reader of stdout or stderr goes away (`iam-guardian score --json … | head -1`), the next write fails with
 * EPIPE: stop there, quietly, with the exit status so far (0 unless an input had already failed), as other Unix tools
 * do, instead of dying on an unhandled 'error' event with a stack trace. Other write errors end the run with status 1.
 */
export function exitQuietlyOnClosedPipe(streams: NodeJS.WriteStream[], exitCode: () => number, exit: (code: number) => void = (c) => process.exit(c)): void {
  for (const stream of streams) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return exit(exitCode());
      // stderr may be the failing stream: nothing more can be said.
      if (stream !== process.stderr) process.stderr.write(`iam-guardian: cannot write the output (${err.code ?? err.message})\n`);
      exit(1);
    });
  }
}

export function processIo(): CliIo {
  let code = 0;
  exitQuietlyOnClosedPipe([process.stdout, process.stderr], () => code);
  return {
    out: (t) => process.stdout.write(terminalSafe(t)),
    err: (t) => process.stderr.write(terminalSafe(t)),
    progress: (t) => process.stderr.write(`${PROGRESS_PREFIX}${terminalSafe(t).replace(/\n/g, ' ')}`),
    isTty: Boolean(process.stderr.isTTY),
    fail: (status = 1) => {
      code = Math.max(code, status);
    },
    exitCode: () => code,
    cwd: process.cwd(),
  };
}

/** An in-memory CliIo for tests (same filter as the process's). */
export function memoryIo(cwd = process.cwd()): CliIo & { stdout: string; stderr: string } {
  let code = 0;
  const io = {
    stdout: '',
    stderr: '',
    isTty: false,
    cwd,
    out(t: string) {
      io.stdout += terminalSafe(t);
    },
    err(t: string) {
      io.stderr += terminalSafe(t);
    },
    progress(t: string) {
      io.stderr += `${PROGRESS_PREFIX}${terminalSafe(t).replace(/\n/g, ' ')}`;
    },
    fail(status = 1) {
      code = Math.max(code, status);
    },
    exitCode: () => code,
  };
  return io;
}
