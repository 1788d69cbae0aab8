/** A clock the test moves by hand. */
export class ManualClock {
  #now: Date;
  constructor(start = new Date("2026-06-10T12:00:00Z")) {
    this.#now = start;
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now = new Date(this.#now.getTime() + ms);
  }
}
