/**
 * A binary min-heap of timed events for the discrete-event simulation. Times and payloads
 * live in parallel typed arrays, so a day of 100,000 calls allocates almost nothing per
 * event. The payload is a small integer the simulator encodes (event kind and an id).
 */
export class EventQueue {
  #times = new Float64Array(256);
  #payloads = new Int32Array(256);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(time: number, payload: number): void {
    if (this.#size === this.#times.length) this.#grow();
    let i = this.#size++;
    const times = this.#times;
    const payloads = this.#payloads;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime <= time) break;
      times[i] = parentTime;
      payloads[i] = payloads[parent] as number;
      i = parent;
    }
    times[i] = time;
    payloads[i] = payload;
  }

  /** The earliest event's time; Infinity when empty. */
  peekTime(): number {
    return this.#size === 0 ? Number.POSITIVE_INFINITY : (this.#times[0] as number);
  }

  /** Removes the earliest event and returns its payload; call only when size > 0. */
  pop(): number {
    const times = this.#times;
    const payloads = this.#payloads;
    const top = payloads[0] as number;
    const last = --this.#size;
    const time = times[last] as number;
    const payload = payloads[last] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last && (times[right] as number) < (times[child] as number)) child = right;
      if ((times[child] as number) >= time) break;
      times[i] = times[child] as number;
      payloads[i] = payloads[child] as number;
      i = child;
    }
    times[i] = time;
    payloads[i] = payload;
    return top;
  }

  #grow(): void {
    const times = new Float64Array(this.#times.length * 2);
    times.set(this.#times);
    const payloads = new Int32Array(this.#payloads.length * 2);
    payloads.set(this.#payloads);
    this.#times = times;
    this.#payloads = payloads;
  }
}
