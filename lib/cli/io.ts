/** The CLI's window on the world: output streams, terminal detection and the exit code commands set. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is an interactive terminal (progress bars allowed). */
  isTty: boolean;
  /** Commands call this to record a failure (exit 1) while going on with other inputs. */
  fail(): void;
  exitCode(): number;
  cwd: string;
}

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
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTty: Boolean(process.stderr.isTTY),
    fail: () => {
      code = 1;
    },
    exitCode: () => code,
    cwd: process.cwd(),
  };
}

/** An in-memory CliIo for tests. */
export function memoryIo(cwd = process.cwd()): CliIo & { stdout: string; stderr: string } {
  let code = 0;
  const io = {
    stdout: '',
    stderr: '',
    isTty: false,
    cwd,
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    fail() {
      code = 1;
    },
    exitCode: () => code,
  };
  return io;
}
