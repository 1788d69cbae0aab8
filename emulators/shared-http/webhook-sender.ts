/** One webhook call an emulator made to the application, with the answer it got. */
export interface WebhookDelivery {
  readonly id: number;
  readonly at: number;
  /** What it carried, e.g. "message", "status-callback", "crc". */
  readonly kind: string;
  readonly method: "GET" | "POST";
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Set when this is a byte-for-byte resend of an earlier delivery. */
  readonly replayOf?: number;
  readonly status?: number;
  readonly responseBody?: string;
  readonly error?: string;
}

export interface DeliverInput {
  readonly kind: string;
  readonly url: string;
  readonly method?: "GET" | "POST";
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface WebhookSenderOptions {
  /** Twilio gives up after 15 s and Meta after 20 s (protocols.md §5.1, §6). */
  readonly timeoutMs?: number;
}

/** Sends webhooks with fetch, records each outcome, and tracks work still in flight. */
export class WebhookSender {
  readonly #deliveries: WebhookDelivery[] = [];
  readonly #pending = new Set<Promise<unknown>>();
  readonly #timeoutMs: number;
  #nextId = 1;
  #epoch = 0;

  constructor(options: WebhookSenderOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 15_000;
  }

  deliver(input: DeliverInput, replayOf?: number): Promise<WebhookDelivery> {
    return this.track(this.#send(input, replayOf));
  }

  /** Resends a recorded delivery with the same headers and bytes (a platform retry). */
  replay(id: number): Promise<WebhookDelivery> {
    const original = this.#deliveries.find((delivery) => delivery.id === id);
    if (!original) return Promise.reject(new Error(`no webhook delivery ${id}`));
    const { kind, url, method, headers, body } = original;
    return this.deliver({ kind, url, method, headers, body }, id);
  }

  /** Registers background work (a scheduled status callback) so idle() waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.#pending.add(work);
    const forget = () => this.#pending.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Resolves once every delivery and tracked job, including ones they start, is done. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) {
      await Promise.allSettled([...this.#pending]);
    }
  }

  list(filter: { kind?: string } = {}): readonly WebhookDelivery[] {
    return filter.kind
      ? this.#deliveries.filter((delivery) => delivery.kind === filter.kind)
      : [...this.#deliveries];
  }

  /**
   * Changes on every clear(). Scheduled work reads it when scheduled and gives up if it
   * changed, so a callback planned before a reset never lands after it.
   */
  get epoch(): number {
    return this.#epoch;
  }

  clear(): void {
    this.#deliveries.length = 0;
    this.#epoch++;
  }

  async #send(input: DeliverInput, replayOf: number | undefined): Promise<WebhookDelivery> {
    const epoch = this.#epoch;
    const base = {
      id: this.#nextId++,
      at: Date.now(),
      kind: input.kind,
      method: input.method ?? "POST",
      url: input.url,
      headers: { ...input.headers },
      body: input.body ?? "",
      ...(replayOf === undefined ? {} : { replayOf }),
    };
    let delivery: WebhookDelivery;
    try {
      const response = await fetch(input.url, {
        method: base.method,
        headers: base.headers,
        ...(base.method === "POST" ? { body: base.body } : {}),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      delivery = { ...base, status: response.status, responseBody: await response.text() };
    } catch (err) {
      delivery = { ...base, error: err instanceof Error ? err.message : String(err) };
    }
    if (epoch === this.#epoch) this.#deliveries.push(delivery);
    return delivery;
  }
}
