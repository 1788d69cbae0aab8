import {
  type ConnectClient,
  type CurrentMetricResult,
  GetContactMetricsCommand,
  GetCurrentMetricDataCommand,
  type GetCurrentMetricDataCommandOutput,
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

/** GetCurrentMetricData's Filters.Queues limit (protocols §3.1). */
export const MAX_QUEUES_PER_REQUEST = 100;
/** A loop guard: one channel and ≤ 100 queues grouped by QUEUE+CHANNEL fit on one page. */
const MAX_PAGES = 5;

const LOAD_METRICS = [
  { Name: "CONTACTS_IN_QUEUE", Unit: "COUNT" },
  { Name: "AGENTS_AVAILABLE", Unit: "COUNT" },
  { Name: "AGENTS_ON_CONTACT", Unit: "COUNT" },
  // With Groupings this is in seconds (without, Connect reports milliseconds; protocols §3.1).
  { Name: "OLDEST_CONTACT_AGE", Unit: "SECONDS" },
] as const;
const ESTIMATED_WAIT = { Name: "ESTIMATED_WAIT_TIME", Unit: "SECONDS" } as const;

interface MetricsQuery {
  readonly instanceId: string;
  readonly queueIds: readonly string[];
  readonly channel: ContactChannel;
}

/**
 * Raw wait estimates from Amazon Connect: one GetCurrentMetricData request per 100 queues.
 * Wrap it in CachedQueueMetrics to stay inside the account's rate limits.
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
    const { instanceId, queueId } = options.queue;
    const estimates = await this.queueWaits({
      instanceId,
      queueIds: [queueId],
      channel: options.channel,
    });
    return estimates.get(queueId) ?? this.#estimate(undefined);
  }

  async queueWaits(query: MetricsQuery): Promise<ReadonlyMap<string, WaitEstimate>> {
    const queueIds = [...new Set(query.queueIds)];
    const estimates = new Map<string, WaitEstimate>();
    // One request after another: the account-wide limit is 5 requests per second.
    for (let start = 0; start < queueIds.length; start += MAX_QUEUES_PER_REQUEST) {
      const chunk = queueIds.slice(start, start + MAX_QUEUES_PER_REQUEST);
      const rows = await this.#currentMetrics({ ...query, queueIds: chunk });
      const byQueue = new Map(rows.map((row) => [row.Dimensions?.Queue?.Id, row]));
      // Connect may leave a queue without activity out of MetricResults (unverified, §3.1):
      // it then counts as idle, every figure 0.
      for (const queueId of chunk) estimates.set(queueId, this.#estimate(byQueue.get(queueId)));
    }
    return estimates;
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

  #estimate(result: CurrentMetricResult | undefined): WaitEstimate {
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

  /** Every row for the query's queues; pages are followed, though one page should hold all. */
  async #currentMetrics(query: MetricsQuery): Promise<CurrentMetricResult[]> {
    const first = await this.#firstPage(query);
    const rows = [...(first.output.MetricResults ?? [])];
    let nextToken = first.output.NextToken;
    for (let page = 1; nextToken && page < MAX_PAGES; page++) {
      const token: string = nextToken;
      const output = await this.#send("GetCurrentMetricData", () =>
        this.#client.send(request(query, { withEstimate: first.withEstimate, nextToken: token })),
      );
      rows.push(...(output.MetricResults ?? []));
      nextToken = output.NextToken;
    }
    return rows;
  }

  async #firstPage(
    query: MetricsQuery,
  ): Promise<{ output: GetCurrentMetricDataCommandOutput; withEstimate: boolean }> {
    if (this.#estimatedWaitSupported) {
      try {
        return { output: await this.#client.send(request(query)), withEstimate: true };
      } catch (error) {
        if (!isInvalidRequest(error)) throw wrap("GetCurrentMetricData", error);
      }
    }
    const output = await this.#send("GetCurrentMetricData", () =>
      this.#client.send(request(query, { withEstimate: false })),
    );
    // Only now is it clear that the estimate, not a queue id, made the request invalid.
    this.#estimatedWaitSupported = false;
    return { output, withEstimate: false };
  }

  async #send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw wrap(operation, error);
    }
  }
}

function request(
  query: MetricsQuery,
  options: { withEstimate?: boolean; nextToken?: string } = {},
): GetCurrentMetricDataCommand {
  const { withEstimate = true, nextToken } = options;
  return new GetCurrentMetricDataCommand({
    InstanceId: query.instanceId,
    Filters: { Queues: [...query.queueIds], Channels: [query.channel] },
    // ESTIMATED_WAIT_TIME accepts only this filter/grouping combination (protocols §3.1).
    Groupings: ["QUEUE", "CHANNEL"],
    CurrentMetrics: withEstimate ? [ESTIMATED_WAIT, ...LOAD_METRICS] : [...LOAD_METRICS],
    MaxResults: MAX_QUEUES_PER_REQUEST,
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
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
