import type { ChannelKind } from "../channel.ts";
import type { Clock } from "../ports/clock.ts";

/**
 * A circuit breaker per channel, fed by send results: after `failureThreshold` failures in a
 * row a channel counts as unhealthy for `coolDownMs`, so callers are not offered a channel
 * that cannot reach them. One success closes it again.
 */
export class ChannelHealth {
  readonly #failures = new Map<ChannelKind, number>();
  readonly #openUntil = new Map<ChannelKind, number>();
  readonly #clock: Clock;
  readonly #failureThreshold: number;
  readonly #coolDownMs: number;

  constructor(options: { clock: Clock; failureThreshold?: number; coolDownMs?: number }) {
    this.#clock = options.clock;
    this.#failureThreshold = options.failureThreshold ?? 5;
    this.#coolDownMs = options.coolDownMs ?? 60_000;
  }

  recordSuccess(channel: ChannelKind): void {
    this.#failures.delete(channel);
    this.#openUntil.delete(channel);
  }

  recordFailure(channel: ChannelKind): void {
    const failures = (this.#failures.get(channel) ?? 0) + 1;
    this.#failures.set(channel, failures);
    if (failures >= this.#failureThreshold) {
      this.#openUntil.set(channel, this.#clock.now().getTime() + this.#coolDownMs);
    }
  }

  unhealthyChannels(): ReadonlySet<ChannelKind> {
    const now = this.#clock.now().getTime();
    return new Set([...this.#openUntil].filter(([, until]) => until > now).map(([kind]) => kind));
  }
}
