import { type AttributeValue, type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";

type ResumeHandler = (event: unknown) => Promise<unknown>;

/**
 * Stands in for the table's DynamoDB stream, which dynalite does not have. In AWS every
 * INBOX# insert reaches the resume function as a stream record; here `drain()` reads the
 * table after a webhook has answered (the item is durable by then: the webhook records it
 * before its 200), picks the INBOX# items not yet routed, and hands them to the real resume
 * handler as stream batches with the same NewImage shape, one per customer, in order of
 * arrival. Calling it explicitly after each step, instead of polling on a timer, keeps the
 * chain deterministic: a step's chat exists when the next step starts.
 */
export class InboxRouter {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;
  readonly #resume: ResumeHandler;
  readonly #routed = new Set<string>();
  #sequence = 0;
  /** What resume answered for each batch, oldest first. */
  readonly answers: unknown[] = [];

  readonly #shard: { readonly index: number; readonly count: number };

  /**
   * `shard`: route only the customers of this shard of `count` (as one of several resume
   * workers, each fed its own shards of the stream); all of them without it.
   */
  constructor(options: {
    client: DynamoDBClient;
    tableName: string;
    resume: ResumeHandler;
    shard?: { index: number; count: number };
  }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#resume = options.resume;
    this.#shard = options.shard ?? { index: 0, count: 1 };
  }

  /**
   * Routes every new inbox item; returns how many. Like a stream with a shard per customer,
   * each customer's items go to resume as their own batch, in order, and customers run in
   * parallel. What resume reports failed (and everything after it) stays for the next drain;
   * then this throws, naming the failures.
   */
  async drain(): Promise<number> {
    const fresh = (await this.#inboxItems()).filter(
      (item) => !this.#routed.has(keyOf(item)) && this.#owns(item.pk?.S ?? ""),
    );
    const byCustomer = new Map<string, Record<string, AttributeValue>[]>();
    for (const item of fresh) {
      const pk = item.pk?.S ?? "";
      byCustomer.set(pk, [...(byCustomer.get(pk) ?? []), item]);
    }
    const routed = await Promise.all([...byCustomer.values()].map((items) => this.#route(items)));
    const count = routed.reduce((total, n) => total + n, 0);
    if (count < fresh.length) {
      throw new Error(`resume failed ${fresh.length - count} of ${fresh.length} inbox items`);
    }
    return count;
  }

  #owns(pk: string): boolean {
    if (this.#shard.count === 1) return true;
    let hash = 0;
    for (const char of pk) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    return hash % this.#shard.count === this.#shard.index;
  }

  /** One customer's items as one stream batch; answers how many resume took. */
  async #route(items: Record<string, AttributeValue>[]): Promise<number> {
    const sequenced = items.map((item) => ({ item, sequence: String(++this.#sequence) }));
    const Records = sequenced.map(({ item, sequence }) => ({
      eventName: "INSERT",
      dynamodb: { SequenceNumber: sequence, Keys: { pk: item.pk, sk: item.sk }, NewImage: item },
    }));
    const answer = await this.#resume({ Records });
    this.answers.push(answer);
    const failures = (answer as { batchItemFailures?: { itemIdentifier: string }[] })
      .batchItemFailures;
    const firstFailed = failures?.[0]?.itemIdentifier;
    const done = firstFailed
      ? sequenced.findIndex(({ sequence }) => sequence === firstFailed)
      : sequenced.length;
    for (const { item } of sequenced.slice(0, done)) this.#routed.add(keyOf(item));
    return done;
  }

  async #inboxItems(): Promise<Record<string, AttributeValue>[]> {
    const items: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({
          TableName: this.#tableName,
          FilterExpression: "begins_with(pk, :inbox)",
          ExpressionAttributeValues: { ":inbox": { S: "INBOX#" } },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items.sort((a, b) => arrivalOf(a).localeCompare(arrivalOf(b)));
  }
}

/** A customer's items in the order they arrived (a stream keeps write order per partition). */
function arrivalOf(item: Record<string, AttributeValue>): string {
  return `${item.pk?.S ?? ""}\u0000${item.receivedAt?.S ?? ""}\u0000${item.sk?.S ?? ""}`;
}

function keyOf(item: Record<string, AttributeValue>): string {
  return `${item.pk?.S ?? ""}\u0000${item.sk?.S ?? ""}`;
}
