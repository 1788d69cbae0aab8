import { type DrainResult, SocketPool, type SocketPoolOptions } from "./socket-pool.ts";

/** Where termination signals come from: `process` in the entry point, an emitter in tests. */
export interface SignalSource {
  once(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface WebsocketRelayOptions extends SocketPoolOptions {
  readonly signals: SignalSource;
  /** How long a drain may wait for in-flight items and close handshakes. */
  readonly drainTimeoutMs: number;
  /** Called once after the drain a signal started; the entry point exits here. */
  readonly onDrained?: (result: DrainResult, signal: NodeJS.Signals) => void;
  /** Called once when the drain begins, by a signal or `stop`: stop adding conversations. */
  readonly onStopping?: () => void;
}

export interface WebsocketRelay {
  readonly pool: SocketPool;
  /** Drains the pool now (the same drain a signal starts); safe to call more than once. */
  stop(): Promise<DrainResult>;
}

const SIGNALS: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"];

/**
 * The websocket mode's long-running relay: a socket pool that drains on SIGTERM or SIGINT.
 * The caller holds conversations on `pool` as chats begin and on start-up.
 */
export function runWebsocketRelay(options: WebsocketRelayOptions): WebsocketRelay {
  const pool = new SocketPool(options);
  let drained: Promise<DrainResult> | undefined;
  const stop = () => {
    for (const signal of SIGNALS) options.signals.off(signal, handlers[signal]);
    if (!drained) options.onStopping?.();
    drained ??= pool.drain({ timeoutMs: options.drainTimeoutMs });
    return drained;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    options.logger.warn("draining the websocket relay", { signal, conversations: pool.size });
    void stop().then(
      (result) => options.onDrained?.(result, signal),
      (error: unknown) => options.logger.error("draining the websocket relay failed", { error }),
    );
  };
  const handlers = Object.fromEntries(
    SIGNALS.map((signal) => [signal, () => onSignal(signal)]),
  ) as Record<NodeJS.Signals, () => void>;
  for (const signal of SIGNALS) options.signals.once(signal, handlers[signal]);
  return { pool, stop };
}
