/** Typed errors of the CLI's own checks (commands tell them apart with `instanceof`, never by the message text). */
import { oneLine } from '../text/escape';

/** A command-line option whose value the command cannot use; the value is shown on one line, controls escaped. */
export class OptionValueError extends Error {
  readonly option: string;
  readonly value: string;
  constructor(option: string, value: string, expected: string) {
    super(`--${option} ${oneLine(value, 200)} is not ${expected}`);
    this.name = 'OptionValueError';
    this.option = option;
    this.value = value;
  }
}

/** An output format the command offers no renderer for (a command wiring error, never the user's input). */
export class FormatUnavailableError extends Error {
  readonly format: string;
  constructor(format: string) {
    super(`the ${format} format is not available for this command`);
    this.name = 'FormatUnavailableError';
    this.format = format;
  }
}
