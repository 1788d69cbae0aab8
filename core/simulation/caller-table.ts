/** Where a simulated voice caller is. */
export const CallerState = {
  waiting: 1,
  answered: 2,
  abandoned: 3,
  deflected: 4,
} as const;

/**
 * The voice callers of one simulated day in arrival order, as parallel typed arrays: ids are
 * indexes, so a FIFO queue is just a moving head over the ids still waiting.
 */
export class CallerTable {
  arrivalAt = new Float64Array(1024);
  handleSeconds = new Float64Array(1024);
  state = new Uint8Array(1024);
  count = 0;
  #head = 0;

  add(options: { arrivalAt: number; handleSeconds: number }): number {
    if (this.count === this.state.length) this.#grow();
    const id = this.count++;
    this.arrivalAt[id] = options.arrivalAt;
    this.handleSeconds[id] = options.handleSeconds;
    this.state[id] = 0;
    return id;
  }

  /** The longest-waiting caller, or -1 when nobody waits. Amortised O(1): the head only moves on. */
  oldestWaiting(): number {
    while (this.#head < this.count && this.state[this.#head] !== CallerState.waiting) this.#head++;
    return this.#head < this.count ? this.#head : -1;
  }

  #grow(): void {
    const size = this.state.length * 2;
    const arrivalAt = new Float64Array(size);
    arrivalAt.set(this.arrivalAt);
    const handleSeconds = new Float64Array(size);
    handleSeconds.set(this.handleSeconds);
    const state = new Uint8Array(size);
    state.set(this.state);
    this.arrivalAt = arrivalAt;
    this.handleSeconds = handleSeconds;
    this.state = state;
  }
}
