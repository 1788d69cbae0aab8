/** The time source. Production uses the system clock; tests and simulations drive their own. */
export interface Clock {
  now(): Date;
}
