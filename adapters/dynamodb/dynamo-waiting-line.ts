import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Clock } from "../../core/ports/clock.ts";
import type { LineEntry, WaitingLine } from "../../core/ports/waiting-line.ts";
import type { CustomerReply } from "../../core/resume/customer-reply.ts";
import { isConditionFailure } from "./document-client.ts";
import { epochSeconds, itemKeys, parkedPartition, WAITING_LINE } from "./item-keys.ts";

/** How long a line entry and its parked messages are kept if nothing drains them. */
const LINE_RETENTION_SECONDS = 7 * 24 * 3600;

/**
 * The waiting line on the product's single table: one entry per waiting session in the
 * `WAITLINE` partition (few items: only sessions Connect had no room for), and each parked
 * message under `PARKED#<voiceContactId>`, keyed by the provider's message id and numbered
 * in order. A message is parked before the entry counts it, so a drain that read the entry
 * earlier cannot take the session out of line past a message it has not seen.
 */
export class DynamoWaitingLine implements WaitingLine {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: Clock;

  constructor(options: {
    documentClient: DynamoDBDocumentClient;
    tableName: string;
    clock: Clock;
  }) {
    this.#db = options.documentClient;
    this.#table = options.tableName;
    this.#clock = options.clock;
  }

  async holds(voiceContactId: string): Promise<boolean> {
    return (await this.#entry(voiceContactId)) !== undefined;
  }

  async park(input: { voiceContactId: string; reply: CustomerReply }): Promise<void> {
    const { voiceContactId, reply } = input;
    const now = this.#clock.now();
    const expiresAt = epochSeconds(now) + LINE_RETENTION_SECONDS;
    const key = itemKeys.parkedMessage(voiceContactId, reply.provider, reply.providerMessageId);
    // A customer's messages are parked one after another (one stream lane), so the entry's
    // count is the last number given out.
    let seq = ((await this.#entry(voiceContactId))?.parked ?? 0) + 1;
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...key, seq, reply, expiresAt },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Parked before (a retry): it keeps its number, and the entry still has to count it.
      const { Item } = await this.#db.send(
        new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }),
      );
      seq = Number(Item?.seq ?? seq);
    }
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: itemKeys.lineEntry(voiceContactId),
          UpdateExpression:
            "SET parked = :seq, since = if_not_exists(since, :now), expiresAt = :expiresAt",
          ConditionExpression: "attribute_not_exists(parked) OR parked < :seq",
          ExpressionAttributeValues: {
            ":seq": seq,
            ":now": now.toISOString(),
            ":expiresAt": expiresAt,
          },
        }),
      );
    } catch (error) {
      // Counted already (a retry after the count was written).
      if (!isConditionFailure(error)) throw error;
    }
  }

  async entries(limit: number): Promise<LineEntry[]> {
    const items = await this.#partition(WAITING_LINE);
    return items
      .map(toEntry)
      .sort((a, b) => a.since.localeCompare(b.since))
      .slice(0, limit);
  }

  async parked(voiceContactId: string): Promise<CustomerReply[]> {
    const items = await this.#partition(parkedPartition(voiceContactId));
    return items
      .map((item) => ({ seq: Number(item.seq), reply: item.reply as CustomerReply }))
      .sort((a, b) => a.seq - b.seq)
      .map(({ reply }) => reply);
  }

  async release(input: { voiceContactId: string; reply: CustomerReply }): Promise<void> {
    const { reply } = input;
    await this.#db.send(
      new DeleteCommand({
        TableName: this.#table,
        Key: itemKeys.parkedMessage(input.voiceContactId, reply.provider, reply.providerMessageId),
      }),
    );
  }

  async leave(entry: LineEntry): Promise<boolean> {
    try {
      await this.#db.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: itemKeys.lineEntry(entry.voiceContactId),
          ConditionExpression: "parked = :parked",
          ExpressionAttributeValues: { ":parked": entry.parked },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return false;
    }
  }

  /** Every item of one partition, page by page (consistent: a drain must see every park). */
  async #partition(pk: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#db.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": pk },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async #entry(voiceContactId: string): Promise<LineEntry | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: itemKeys.lineEntry(voiceContactId),
        ConsistentRead: true,
      }),
    );
    return Item ? toEntry(Item) : undefined;
  }
}

function toEntry(item: Record<string, unknown>): LineEntry {
  return {
    voiceContactId: String(item.sk),
    since: String(item.since ?? ""),
    parked: Number(item.parked ?? 0),
  };
}
