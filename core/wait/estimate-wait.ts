/** Live numbers of one queue and channel, as the metrics API reports them. */
export interface QueueLoad {
  readonly contactsInQueue: number;
  readonly agentsAvailable: number;
  /** Agents busy on a contact of any queue they serve. */
  readonly agentsOnContact: number;
  readonly oldestContactAgeSeconds: number;
}

/** When nobody is staffed, a wait is effectively unbounded; this caps it for arithmetic. */
export const UNSTAFFED_WAIT_SECONDS = 24 * 3600;

/**
 * Estimates the wait of a contact joining the queue now, for when Connect gives no
 * ESTIMATED_WAIT_TIME: everyone ahead must be served first, by the agents serving the queue,
 * each taking the average handle time. Never less than zero, and a queue whose oldest contact
 * has waited long is not reported as short.
 */
export function estimateWaitSeconds(options: {
  load: QueueLoad;
  averageHandleSeconds: number;
}): number {
  const { load, averageHandleSeconds } = options;
  const ahead = load.contactsInQueue - load.agentsAvailable;
  if (ahead < 0) return 0;
  const servingAgents = load.agentsAvailable + load.agentsOnContact;
  if (servingAgents === 0) return UNSTAFFED_WAIT_SECONDS;
  const byThroughput = ((ahead + 1) * averageHandleSeconds) / servingAgents;
  // The newest contact in a FIFO queue waits about as long as the oldest already has.
  const byAge = load.contactsInQueue > 0 ? load.oldestContactAgeSeconds : 0;
  return Math.round(Math.min(UNSTAFFED_WAIT_SECONDS, Math.max(byThroughput, byAge)));
}
