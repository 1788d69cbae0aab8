import { type AttributeValue, type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";

type ResumeHandler = (event: unknown) => Promise<unknown>;

/**
 * Stands in for the table's DynamoDB stream, which dynalite does not have. In AWS every
 * INBOX# insert reaches the resume function as a stream record; here `drain()` reads the
 * table after a webhook has answered (the item is durable by then: the webhook records it
 * before its 200), picks the INBOX# items not yet routed, and hands them to the real resume
 * handler as one stream batch with the same NewImage shape, in key order (per customer, by
 * arrival). Calling it explicitly after each step, instead of polling on a timer, keeps the
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

  constructor(options: { client: DynamoDBClient; tableName: string; resume: ResumeHandler }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#resume = options.resume;
  }

  /** Routes every new inbox item; returns how many. Throws if resume reports a failure. */
  async drain(): Promise<number> {
    const fresh = (await this.#inboxItems()).filter((item) => !this.#routed.has(keyOf(item)));
    if (fresh.length === 0) return 0;
    const Records = fresh.map((item) => ({
      eventName: "INSERT",
      dynamodb: {
        SequenceNumber: String(++this.#sequence),
        Keys: { pk: item.pk, sk: item.sk },
        NewImage: item,
      },
    }));
    const answer = await this.#resume({ Records });
    this.answers.push(answer);
    const failures = (answer as { batchItemFailures?: unknown[] }).batchItemFailures ?? [];
    if (failures.length > 0) throw new Error(`resume failed a batch: ${JSON.stringify(answer)}`);
    for (const item of fresh) this.#routed.add(keyOf(item));
    return fresh.length;
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
    return items.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  }
}

function keyOf(item: Record<string, AttributeValue>): string {
  return `${item.pk?.S ?? ""}\u0000${item.sk?.S ?? ""}`;
}
