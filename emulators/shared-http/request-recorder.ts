import type { IncomingHttpHeaders } from "node:http";

/** One API call an emulator received, with the answer it gave. */
export interface RecordedRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly status: number;
  readonly operation?: string;
}

/** Keeps the most recent requests (bounded, so a load test cannot exhaust memory). */
export class RequestRecorder {
  readonly #entries: RecordedRequest[] = [];
  readonly #limit: number;

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  record(entry: RecordedRequest): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#limit) this.#entries.shift();
  }

  list(filter: { operation?: string } = {}): readonly RecordedRequest[] {
    return filter.operation
      ? this.#entries.filter((entry) => entry.operation === filter.operation)
      : [...this.#entries];
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
