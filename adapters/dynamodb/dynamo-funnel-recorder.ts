import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { FunnelCount, FunnelEvent, FunnelRecorder } from "../../core/ports/funnel-recorder.ts";
import { isConditionFailure } from "./document-client.ts";
import { itemKeys } from "./item-keys.ts";

export type { FunnelCount } from "../../core/ports/funnel-recorder.ts";

export interface DynamoFunnelRecorderOptions {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
}

/**
 * Funnel counters as atomic ADDs on one item per queue and UTC day (`FUNNEL#<queue>`), a
 * counter attribute per channel, stage and reason: cheap to write on every call, one query
 * to read a queue's funnel.
 */
export class DynamoFunnelRecorder implements FunnelRecorder {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoFunnelRecorderOptions) {
    this.#db = options.documentClient;
    this.#table = options.tableName;
  }

  async record(event: FunnelEvent): Promise<void> {
    const day = event.at.toISOString().slice(0, 10);
    const counter = [event.channel ?? "-", event.stage, event.reason ?? "-"].join("|");
    try {
      await this.#add(event.queueId, day, counter);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // First event of the day for this queue: create the item, then count once more.
      await this.#createDay(event.queueId, day);
      await this.#add(event.queueId, day, counter);
    }
  }

  #add(queueId: string, day: string, counter: string) {
    return this.#db.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: itemKeys.funnel(queueId, day),
        UpdateExpression: "ADD #counts.#counter :one",
        // The counts map is created with the item, so the nested ADD always has a parent.
        ConditionExpression: "attribute_exists(#counts)",
        ExpressionAttributeNames: { "#counts": "counts", "#counter": counter },
        ExpressionAttributeValues: { ":one": 1 },
      }),
    );
  }

  /** Every counter of a queue, oldest day first. */
  async counts(queueId: string): Promise<FunnelCount[]> {
    const { Items = [] } = await this.#db.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": itemKeys.funnel(queueId, "").pk },
      }),
    );
    return Items.flatMap((item) =>
      Object.entries((item.counts ?? {}) as Record<string, number>).map(([counter, count]) => {
        const [channel = "-", stage = "-", reason = "-"] = counter.split("|");
        return { queueId, day: String(item.sk), channel, stage, reason, count };
      }),
    );
  }

  async #createDay(queueId: string, day: string): Promise<void> {
    await this.#db
      .send(
        new UpdateCommand({
          TableName: this.#table,
          Key: itemKeys.funnel(queueId, day),
          UpdateExpression: "SET #counts = :empty",
          ConditionExpression: "attribute_not_exists(#counts)",
          ExpressionAttributeNames: { "#counts": "counts" },
          ExpressionAttributeValues: { ":empty": {} },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}
