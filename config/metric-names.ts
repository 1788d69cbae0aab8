import type { FunnelStage } from "../core/ports/funnel-recorder.ts";

/**
 * The CloudWatch names the functions publish (Powertools Metrics, Embedded Metric Format) and
 * infra/ graphs and alarms on. Both import this module, so the stack and the code cannot drift.
 */
export const METRIC_NAMESPACE = "ConnectDeflect";

/** Each function's name in its logs and metrics (Powertools' `service`). */
export const SERVICE_NAMES = ["deflect", "webhooks", "resume", "relay", "transcribe"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const METRIC_DIMENSIONS = {
  /** Powertools adds it to every metric of a function's own Metrics instance. */
  service: "service",
  queue: "Queue",
  channel: "Channel",
} as const;

/** The Channel dimension's value for a funnel event that names no channel (a check). */
export const NO_CHANNEL = "none";

/**
 * One Count metric per funnel stage, published twice: per Queue and Channel, and with no
 * dimension at all (the whole funnel, which graphs and alarms read without a search).
 */
export const FUNNEL_METRICS: Readonly<Record<FunnelStage, string>> = {
  checked: "Checked",
  offered: "Offered",
  "shadow-offered": "ShadowOffered",
  accepted: "Accepted",
  declined: "Declined",
  sent: "Sent",
  "send-failed": "SendFailed",
  delivered: "Delivered",
  replied: "Replied",
  "chat-started": "ChatStarted",
  "agent-connected": "AgentConnected",
  ended: "Ended",
};

/** The funnel operations watch, in order; the dashboard draws these. */
export { FUNNEL_PATH } from "../core/ports/funnel-recorder.ts";

/** Counts each function publishes under its own `service` dimension. */
export const FUNCTION_METRICS = {
  /**
   * Failures a function answered itself, which Lambda's own Errors metric never sees: deflect's
   * "no offer" after an error or its budget, a webhook's 5xx, a record resume or the relay
   * dropped, a transcript worker that could not start.
   */
  handledErrors: "HandledErrors",
  /** Work handed back for another try: a stream batch resume reports, a notification the relay throws back. */
  retries: "Retries",
  /** Agent messages the relay could not deliver to the customer (the agent was told). */
  undeliverable: "Undeliverable",
} as const;

export type FunctionMetricName = (typeof FUNCTION_METRICS)[keyof typeof FUNCTION_METRICS];
