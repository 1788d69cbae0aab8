import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { FUNNEL_METRICS, METRIC_DIMENSIONS, NO_CHANNEL } from "../../config/metric-names.ts";
import type { FunnelEvent, FunnelRecorder } from "../../core/ports/funnel-recorder.ts";

export interface EmfFunnelRecorderOptions {
  /** The CloudWatch namespace (METRIC_NAMESPACE in the functions). */
  readonly namespace: string;
}

interface PendingGroup {
  readonly queueId: string;
  readonly channel: string;
  readonly counts: Map<string, number>;
}

/**
 * Funnel stages as CloudWatch metrics through Powertools Metrics: Embedded Metric Format, a
 * JSON line on stdout that CloudWatch Logs turns into metrics, so no API call sits in a
 * call's path. Events are counted in memory and written by `publish()`, once per invocation:
 * one EMF document per queue and channel, because every metric in a document shares its
 * dimension values.
 *
 * Each document carries two dimension sets, [Queue, Channel] and [] (the whole funnel, which
 * alarms and graphs read without a search). No contact id or reason: each distinct value is
 * a billed custom metric, and the table's counters keep the reasons.
 */
export class EmfFunnelRecorder implements FunnelRecorder {
  readonly #metrics: Metrics;
  readonly #pending = new Map<string, PendingGroup>();

  constructor(options: EmfFunnelRecorderOptions) {
    this.#metrics = new Metrics({ namespace: options.namespace });
    // The same funnel whichever function records a stage (deflect, webhooks, resume, the
    // relay): Powertools' default `service` dimension would split each stage by its recorder.
    this.#metrics.clearDefaultDimensions();
  }

  async record(event: FunnelEvent): Promise<void> {
    // A dimension value must not be empty: Powertools would drop the dimension, not the metric.
    const queueId = event.queueId || "unknown";
    const channel = event.channel ?? NO_CHANNEL;
    const key = JSON.stringify([queueId, channel]);
    let group = this.#pending.get(key);
    if (!group) {
      group = { queueId, channel, counts: new Map() };
      this.#pending.set(key, group);
    }
    const name = FUNNEL_METRICS[event.stage];
    group.counts.set(name, (group.counts.get(name) ?? 0) + 1);
  }

  /** Writes the counts recorded since the last publish, then forgets them. */
  publish(): void {
    const groups = [...this.#pending.values()];
    this.#pending.clear();
    for (const group of groups) {
      this.#metrics
        .addDimension(METRIC_DIMENSIONS.queue, group.queueId)
        .addDimension(METRIC_DIMENSIONS.channel, group.channel)
        .addDimensions({});
      for (const [name, count] of group.counts) {
        this.#metrics.addMetric(name, MetricUnit.Count, count);
      }
      this.#metrics.publishStoredMetrics();
    }
  }
}
