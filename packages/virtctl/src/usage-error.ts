/** A bad command line (unknown flag, bad value, wrong arguments): printed with a usage hint, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
