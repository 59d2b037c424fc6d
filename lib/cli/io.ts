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

export function processIo(): CliIo {
  let code = 0;
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
