/** A snapshot folder (or a raw snapshot) that cannot be read: names the file and the problem. */
export class SnapshotError extends Error {
  readonly file: string;
  readonly problem: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'SnapshotError';
    this.file = file;
    this.problem = problem;
  }
}
