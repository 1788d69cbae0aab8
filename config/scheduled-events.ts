/**
 * What the schedule sends the resume function every minute (infra) to route the waiting
 * line, once a chat has ended and Connect has room again. The sandbox sends the same.
 */
export const DRAIN_WAITING_LINE_EVENT = { deflect: "drain-waiting-line" } as const;
