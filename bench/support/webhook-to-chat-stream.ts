import { performance } from "node:perf_hooks";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";

type Image = Record<string, AttributeValue>;

export interface StreamRecord {
  readonly eventName: "INSERT";
  readonly dynamodb: {
    readonly SequenceNumber: string;
    readonly Keys: { pk: AttributeValue; sk: AttributeValue };
    readonly NewImage: Image;
  };
}

export type BatchRouter = (
  records: readonly StreamRecord[],
) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

/**
 * The table's stream → resume's event source mapping, in process, as infra configures it:
 * one shard read by `lanes` concurrent batches (ParallelizationFactor), each partition key
 * (one customer's INBOX# partition) always in the same lane and in order. Lambda polls a
 * shard at a base rate of 4 times a second (Lambda developer guide, "Using AWS Lambda with
 * Amazon DynamoDB": polling and batching streams), so a committed record waits for the next
 * poll, every `pollIntervalMs` on a steady cadence (0: at once, as if polled continuously).
 * A lane hands resume what the polls brought while its previous batch ran, at most
 * `batchSize` records, several customers mixed. When resume reports failures, Lambda
 * checkpoints at the lowest sequence number reported and delivers every record of the batch
 * from there again; after `maxRetries` a record is given up and counted.
 */
export class StreamLanes {
  readonly #route: BatchRouter;
  readonly #batchSize: number;
  readonly #maxRetries: number;
  readonly #lanes: { queue: StreamRecord[]; busy: boolean }[];
  readonly #retries = new Map<string, number>();
  readonly #pollIntervalMs: number;
  readonly #pollEpoch = performance.now();
  /** Committed since the last poll. */
  #unpolled: StreamRecord[] = [];
  #nextPoll: NodeJS.Timeout | undefined;
  #sequence = 0;
  #pending = 0;
  #idle: (() => void)[] = [];
  batches = 0;
  retried = 0;
  readonly givenUp: StreamRecord[] = [];

  constructor(options: {
    route: BatchRouter;
    lanes?: number;
    batchSize?: number;
    maxRetries?: number;
    pollIntervalMs?: number;
  }) {
    this.#route = options.route;
    this.#batchSize = options.batchSize ?? 10;
    this.#maxRetries = options.maxRetries ?? 3;
    this.#pollIntervalMs = options.pollIntervalMs ?? 0;
    this.#lanes = Array.from({ length: options.lanes ?? 10 }, () => ({ queue: [], busy: false }));
  }

  /** A committed INBOX# insert, in commit order. */
  insert(image: Image): void {
    const record: StreamRecord = {
      eventName: "INSERT",
      dynamodb: {
        SequenceNumber: String(++this.#sequence),
        Keys: { pk: image.pk ?? { S: "" }, sk: image.sk ?? { S: "" } },
        NewImage: image,
      },
    };
    this.#pending += 1;
    if (this.#pollIntervalMs <= 0) {
      this.#hand(record);
      return;
    }
    this.#unpolled.push(record);
    if (this.#nextPoll) return;
    const sinceEpoch = performance.now() - this.#pollEpoch;
    const waitMs = this.#pollIntervalMs - (sinceEpoch % this.#pollIntervalMs);
    this.#nextPoll = setTimeout(() => this.#poll(), waitMs);
  }

  /** One poll of the shard: everything committed since the last goes to its lane. */
  #poll(): void {
    this.#nextPoll = undefined;
    const polled = this.#unpolled;
    this.#unpolled = [];
    for (const record of polled) this.#hand(record);
  }

  #hand(record: StreamRecord): void {
    const pk = record.dynamodb.Keys.pk.S ?? "";
    const lane = this.#lanes[laneOf(pk, this.#lanes.length)] ?? this.#lanes[0];
    if (!lane) return;
    lane.queue.push(record);
    if (!lane.busy) void this.#drain(lane);
  }

  /** Resolves once every inserted record has been routed or given up. */
  settled(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #drain(lane: { queue: StreamRecord[]; busy: boolean }): Promise<void> {
    lane.busy = true;
    // One turn of the event loop lets records written in the same tick join the batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (lane.queue.length > 0) {
      const batch = lane.queue.splice(0, this.#batchSize);
      this.batches += 1;
      const answer = await this.#route(batch).catch(() => ({
        batchItemFailures: batch.map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })),
      }));
      const failed = new Set(answer.batchItemFailures.map((f) => f.itemIdentifier));
      const from = batch.findIndex((r) => failed.has(r.dynamodb.SequenceNumber));
      const again = from < 0 ? [] : batch.slice(from);
      this.#done(batch.length - again.length);
      lane.queue.unshift(...again.filter((r) => this.#mayRetry(r)));
    }
    lane.busy = false;
  }

  #mayRetry(record: StreamRecord): boolean {
    const id = record.dynamodb.SequenceNumber;
    const count = (this.#retries.get(id) ?? 0) + 1;
    this.#retries.set(id, count);
    if (count <= this.#maxRetries) {
      this.retried += 1;
      return true;
    }
    this.givenUp.push(record);
    this.#done(1);
    return false;
  }

  #done(count: number): void {
    this.#pending -= count;
    if (this.#pending > 0) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}

/** The lane a partition key's records always take (a stable hash of the key). */
function laneOf(pk: string, lanes: number): number {
  let hash = 2166136261;
  for (let i = 0; i < pk.length; i++) hash = Math.imul(hash ^ pk.charCodeAt(i), 16777619);
  return (hash >>> 0) % lanes;
}
