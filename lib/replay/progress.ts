/** Progress for long CLI work: one self-rewriting line on a terminal, a plain line now and then when piped. */
import type { ReplaySummary } from './summary';
import { findingsCount } from './summary';

export interface ProgressSink {
  err(text: string): void;
  isTty: boolean;
  /** Rewrites the terminal's progress line (the CLI's io; its `err` escapes control characters). */
  progress?(text: string): void;
}

const MB = 1024 * 1024;

export function progressLine(s: ReplaySummary, total?: number): string {
  const rate = s.seconds > 0 ? s.rawBytes / MB / s.seconds : 0;
  const files = total ? `${s.files}/${total} files` : `${s.files} files`;
  const pct = total ? ` ${Math.floor((100 * s.files) / Math.max(1, total))}%` : '';
  return `replay${pct}: ${files}, ${s.events} events, ${rate.toFixed(1)} MB/s, ${findingsCount(s)} findings so far`;
}

export function makeProgress(sink: ProgressSink, total?: number, plainEveryMs = 5000) {
  let lastPlain = 0;
  let lastTty = 0;
  return {
    update(s: ReplaySummary): void {
      const now = Date.now();
      if (sink.isTty) {
        if (now - lastTty < 100 && s.files !== total) return;
        lastTty = now;
        if (sink.progress) sink.progress(progressLine(s, total));
        else sink.err(`\r\x1b[K${progressLine(s, total)}`);
      } else if (now - lastPlain >= plainEveryMs) {
        lastPlain = now;
        sink.err(`${progressLine(s, total)}\n`);
      }
    },
    done(): void {
      if (sink.isTty) sink.err('\n');
    },
  };
}
