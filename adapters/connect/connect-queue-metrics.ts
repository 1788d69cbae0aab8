import {
  type ConnectClient,
  type CurrentMetricResult,
  GetContactMetricsCommand,
  GetCurrentMetricDataCommand,
} from "@aws-sdk/client-connect";
import type { ContactChannel, ContactRef, QueueRef } from "../../core/contact.ts";
import { DependencyFailedError } from "../../core/errors.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type { QueueMetrics, WaitEstimate } from "../../core/ports/queue-metrics.ts";
import { estimateWaitSeconds, type QueueLoad } from "../../core/wait/estimate-wait.ts";

export interface ConnectQueueMetricsOptions {
  readonly client: ConnectClient;
  readonly clock: Clock;
  /** Used by the fallback estimate when Connect has no ESTIMATED_WAIT_TIME. */
  readonly averageHandleSeconds: number;
}

const LOAD_METRICS = [
  { Name: "CONTACTS_IN_QUEUE", Unit: "COUNT" },
  { Name: "AGENTS_AVAILABLE", Unit: "COUNT" },
  { Name: "AGENTS_ON_CONTACT", Unit: "COUNT" },
  // With Groupings this is in seconds (without, Connect reports milliseconds; protocols §3.1).
  { Name: "OLDEST_CONTACT_AGE", Unit: "SECONDS" },
] as const;
const ESTIMATED_WAIT = { Name: "ESTIMATED_WAIT_TIME", Unit: "SECONDS" } as const;

/**
 * Raw wait estimates from Amazon Connect. Every call is one API request: wrap it in
 * CachedQueueMetrics to stay inside the account's rate limits.
 */
export class ConnectQueueMetrics implements QueueMetrics {
  readonly #client: ConnectClient;
  readonly #clock: Clock;
  readonly #averageHandleSeconds: number;
  /** Regions or accounts without ESTIMATED_WAIT_TIME reject it; then we stop asking. */
  #estimatedWaitSupported = true;

  constructor(options: ConnectQueueMetricsOptions) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#averageHandleSeconds = options.averageHandleSeconds;
  }

  async queueWait(options: { queue: QueueRef; channel: ContactChannel }): Promise<WaitEstimate> {
    const result = await this.#currentMetrics(options);
    const values = metricValues(result?.Collections);
    const load: QueueLoad = {
      contactsInQueue: values.get("CONTACTS_IN_QUEUE") ?? 0,
      agentsAvailable: values.get("AGENTS_AVAILABLE") ?? 0,
      agentsOnContact: values.get("AGENTS_ON_CONTACT") ?? 0,
      oldestContactAgeSeconds: values.get("OLDEST_CONTACT_AGE") ?? 0,
    };
    const estimated = values.get("ESTIMATED_WAIT_TIME");
    return {
      waitSeconds:
        estimated ??
        estimateWaitSeconds({ load, averageHandleSeconds: this.#averageHandleSeconds }),
      source: estimated === undefined ? "queue-model" : "estimated-wait-time",
      observedAt: this.#clock.now(),
      contactsInQueue: load.contactsInQueue,
      agentsAvailable: load.agentsAvailable,
    };
  }

  async contactWait(options: { contact: ContactRef; queue: QueueRef }): Promise<WaitEstimate> {
    const output = await this.#send("GetContactMetrics", () =>
      this.#client.send(
        new GetContactMetricsCommand({
          InstanceId: options.contact.instanceId,
          ContactId: options.contact.contactId,
          Metrics: [{ Name: "ESTIMATED_WAIT_TIME" }, { Name: "POSITION_IN_QUEUE" }],
        }),
      ),
    );
    const estimated = output.MetricResults?.find((r) => r.Name === "ESTIMATED_WAIT_TIME")?.Value
      ?.Number;
    // Only a queued contact has its own estimate; otherwise the queue's is the best we have.
    if (estimated === undefined) return this.queueWait({ queue: options.queue, channel: "VOICE" });
    return { waitSeconds: estimated, source: "contact-estimate", observedAt: this.#clock.now() };
  }

  async #currentMetrics(options: {
    queue: QueueRef;
    channel: ContactChannel;
  }): Promise<CurrentMetricResult | undefined> {
    const request = (withEstimate: boolean) =>
      new GetCurrentMetricDataCommand({
        InstanceId: options.queue.instanceId,
        Filters: { Queues: [options.queue.queueId], Channels: [options.channel] },
        // ESTIMATED_WAIT_TIME accepts only this filter/grouping combination (protocols §3.1).
        Groupings: ["QUEUE", "CHANNEL"],
        CurrentMetrics: withEstimate ? [ESTIMATED_WAIT, ...LOAD_METRICS] : [...LOAD_METRICS],
      });
    if (this.#estimatedWaitSupported) {
      try {
        const output = await this.#client.send(request(true));
        return output.MetricResults?.[0];
      } catch (error) {
        if (!isInvalidRequest(error)) throw wrap("GetCurrentMetricData", error);
        this.#estimatedWaitSupported = false;
      }
    }
    const output = await this.#send("GetCurrentMetricData", () =>
      this.#client.send(request(false)),
    );
    return output.MetricResults?.[0];
  }

  async #send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw wrap(operation, error);
    }
  }
}

function metricValues(collections: CurrentMetricResult["Collections"]): Map<string, number> {
  const values = new Map<string, number>();
  for (const cell of collections ?? []) {
    if (cell.Metric?.Name && typeof cell.Value === "number")
      values.set(cell.Metric.Name, cell.Value);
  }
  return values;
}

function isInvalidRequest(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === "InvalidParameterException" || name === "InvalidRequestException";
}

function wrap(operation: string, error: unknown): DependencyFailedError {
  const name = (error as { name?: string }).name ?? "Error";
  return new DependencyFailedError(`Amazon Connect ${operation} failed: ${name}`, {
    cause: error,
    details: { operation, errorName: name },
  });
}
