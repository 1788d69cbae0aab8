/** The time source. Production uses the system clock; tests and simulations drive their own. */
export interface Clock {
  now(): Date;
}

/** The wall clock, for production wiring. */
export const systemClock: Clock = { now: () => new Date() };
