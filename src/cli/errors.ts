/** Exit codes of interfaces.md: 0 success, 1 wrong input, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;

/** Wrong input: printed as it is (one problem a line) and exits 1. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * The command has already reported the problem itself (with `--json`, as its one JSON document on stdout,
 * such as `{"valid": false, "errors": […]}`); only the exit code is left to set.
 */
export class ReportedError extends Error {
  constructor(readonly exitCode: number = EXIT_INPUT) {
    super(`reported; exit ${exitCode}`);
    this.name = 'ReportedError';
  }
}

/** A usage mistake that the argument parser cannot see (a missing pair of options, say); exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
