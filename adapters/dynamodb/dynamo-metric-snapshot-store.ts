import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Clock } from "../../core/ports/clock.ts";
import type { MetricSnapshotStore } from "../../core/ports/metric-snapshot-store.ts";
import type { WaitEstimate } from "../../core/ports/queue-metrics.ts";
import { isConditionFailure } from "./document-client.ts";
import { epochSeconds, itemKeys } from "./item-keys.ts";

export interface DynamoMetricSnapshotStoreOptions {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** Snapshots are dropped by TTL after this long unused (default 1 hour). */
  readonly ttlSeconds?: number;
}

/** The shared `METRICS#` snapshot items, with the refresh lease on the same item. */
export class DynamoMetricSnapshotStore implements MetricSnapshotStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: Clock;
  readonly #ttlSeconds: number;

  constructor(options: DynamoMetricSnapshotStoreOptions) {
    this.#db = options.documentClient;
    this.#table = options.tableName;
    this.#clock = options.clock;
    this.#ttlSeconds = options.ttlSeconds ?? 3600;
  }

  async read(key: string): Promise<WaitEstimate | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: itemKeys.metricSnapshot(key) }),
    );
    const stored = Item?.estimate as
      | (Omit<WaitEstimate, "observedAt"> & { observedAt: string })
      | undefined;
    return stored ? { ...stored, observedAt: new Date(stored.observedAt) } : undefined;
  }

  async tryLease(options: { key: string; holder: string; leaseMs: number }): Promise<boolean> {
    const nowMs = this.#clock.now().getTime();
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: itemKeys.metricSnapshot(options.key),
          UpdateExpression: "SET leaseHolder = :holder, leaseUntilMs = :until",
          ConditionExpression: "attribute_not_exists(leaseUntilMs) OR leaseUntilMs <= :now",
          ExpressionAttributeValues: {
            ":holder": options.holder,
            ":until": nowMs + options.leaseMs,
            ":now": nowMs,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async write(options: { key: string; estimate: WaitEstimate }): Promise<void> {
    await this.#db.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: itemKeys.metricSnapshot(options.key),
        UpdateExpression: "SET estimate = :estimate, expiresAt = :expiresAt",
        ExpressionAttributeValues: {
          ":estimate": {
            ...options.estimate,
            observedAt: options.estimate.observedAt.toISOString(),
          },
          ":expiresAt": epochSeconds(this.#clock.now()) + this.#ttlSeconds,
        },
      }),
    );
  }
}
