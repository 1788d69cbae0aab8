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
 * The table's stream → resume's event source mapping, in process. Records of one customer
 * (one INBOX# partition) form an ordered lane, as a stream shard keeps a partition key's
 * records in order and ParallelizationFactor keeps each key on one batch at a time. A lane
 * hands resume everything that queued while its previous batch ran, as one batch of at most
 * `batchSize` (Lambda's default for DynamoDB streams is 100). Lanes of different customers run
 * concurrently. Failed records go back to the front of their lane (Lambda retries from the
 * first failure); after `maxRetries` a record is given up and counted.
 */
export class CustomerLanes {
  readonly #route: BatchRouter;
  readonly #batchSize: number;
  readonly #maxRetries: number;
  readonly #lanes = new Map<string, { queue: StreamRecord[]; busy: boolean }>();
  readonly #retries = new Map<string, number>();
  #sequence = 0;
  #pending = 0;
  #idle: (() => void)[] = [];
  batches = 0;
  retried = 0;
  readonly givenUp: StreamRecord[] = [];

  constructor(options: { route: BatchRouter; batchSize?: number; maxRetries?: number }) {
    this.#route = options.route;
    this.#batchSize = options.batchSize ?? 100;
    this.#maxRetries = options.maxRetries ?? 3;
  }

  /** A committed INBOX# insert, in commit order. */
  insert(image: Image): void {
    const pk = image.pk?.S ?? "";
    const record: StreamRecord = {
      eventName: "INSERT",
      dynamodb: {
        SequenceNumber: String(++this.#sequence),
        Keys: { pk: image.pk ?? { S: "" }, sk: image.sk ?? { S: "" } },
        NewImage: image,
      },
    };
    const lane = this.#lanes.get(pk) ?? { queue: [], busy: false };
    this.#lanes.set(pk, lane);
    lane.queue.push(record);
    this.#pending += 1;
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
      const retry = batch.filter((r) => failed.has(r.dynamodb.SequenceNumber));
      this.#done(batch.length - retry.length);
      const again = retry.filter((r) => this.#mayRetry(r));
      lane.queue.unshift(...again);
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
