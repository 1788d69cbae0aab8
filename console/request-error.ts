/** A request the console refuses, with the HTTP status it answers and a message for the page. */
export class RequestError extends Error {
  readonly status: number;

  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RequestError";
    this.status = status;
  }
}
