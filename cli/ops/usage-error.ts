/**
 * The operator asked for something the tool cannot do as written: a bad flag, an unknown
 * queue, a policy that fails validation. The CLI exits with status 2 and nothing is written.
 */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UsageError";
  }
}
