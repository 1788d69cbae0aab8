/** The clocks of one participant websocket; every field can be shortened for tests. */
export interface SocketTiming {
  /** How often a heartbeat goes out (protocols.md §4.1: 10 s). */
  readonly heartbeatMs: number;
  /** How long a connect call, and then opening the socket and its subscribe ack, may take. */
  readonly subscribeTimeoutMs: number;
  /** How long before the connection expires a fresh one replaces it. */
  readonly refreshMarginMs: number;
  /** Backoff between connect attempts: first ceiling, and the cap. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Connect attempts in a row before the conversation is given up. */
  readonly maxConnectAttempts: number;
  /** Recent item ids kept to drop the copies two overlapping sockets deliver. */
  readonly rememberItemIds: number;
}

export const DEFAULT_SOCKET_TIMING: SocketTiming = {
  heartbeatMs: 10_000,
  subscribeTimeoutMs: 10_000,
  refreshMarginMs: 5 * 60_000,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  maxConnectAttempts: 10,
  rememberItemIds: 32,
};
