import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { Clock } from "../../core/ports/clock.ts";
import type { RelayCursor, RelayCursorStore } from "../../core/ports/relay-cursor-store.ts";
import { isConditionFailure } from "./document-client.ts";
import { epochSeconds, itemKeys } from "./item-keys.ts";

export interface DynamoRelayCursorStoreOptions {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** Default 8 days, like the chat's connection: a chat lasts at most 7 (protocols.md §3.3). */
  readonly ttlSeconds?: number;
}

const cursorItem = z.object({ itemId: z.string().min(1), absoluteTime: z.string().min(1) });

/** The relay's cursor per chat, next to the chat's customer connection (`CHATCONN#<chat>`). */
export class DynamoRelayCursorStore implements RelayCursorStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: Clock;
  readonly #ttlSeconds: number;

  constructor(options: DynamoRelayCursorStoreOptions) {
    this.#db = options.documentClient;
    this.#table = options.tableName;
    this.#clock = options.clock;
    this.#ttlSeconds = options.ttlSeconds ?? 8 * 24 * 3600;
  }

  async getCursor(chatContactId: string): Promise<RelayCursor | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: itemKeys.relayCursor(chatContactId),
        ConsistentRead: true,
      }),
    );
    // An item held (holdOrder) before any pass set the cursor has no cursor yet.
    return Item?.itemId ? cursorItem.parse(Item) : undefined;
  }

  async advanceCursor(chatContactId: string, cursor: RelayCursor): Promise<void> {
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: itemKeys.relayCursor(chatContactId),
          UpdateExpression: "SET itemId = :id, absoluteTime = :time, expiresAt = :expires",
          // ISO-8601 times in UTC compare as strings; a slower worker cannot move it back.
          ConditionExpression: "attribute_not_exists(absoluteTime) OR absoluteTime < :time",
          ExpressionAttributeValues: {
            ":id": cursor.itemId,
            ":time": cursor.absoluteTime,
            ":expires": epochSeconds(this.#clock.now()) + this.#ttlSeconds,
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async announceNext(
    chatContactId: string,
    next: RelayCursor,
    options: { notBefore: string },
  ): Promise<boolean> {
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: itemKeys.relayCursor(chatContactId),
          UpdateExpression: "SET announcedId = :id, announcedTime = :time",
          ConditionExpression:
            "absoluteTime > :notBefore AND absoluteTime < :time AND " +
            "(attribute_not_exists(announcedTime) OR announcedTime <= absoluteTime)",
          ExpressionAttributeValues: {
            ":id": next.itemId,
            ":time": next.absoluteTime,
            ":notBefore": options.notBefore,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async holdOrder(chatContactId: string, absoluteTime: string): Promise<void> {
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: itemKeys.relayCursor(chatContactId),
          UpdateExpression:
            "SET announcedTime = :time, expiresAt = if_not_exists(expiresAt, :expires)",
          ConditionExpression: "attribute_not_exists(announcedTime) OR announcedTime < :time",
          ExpressionAttributeValues: {
            ":time": absoluteTime,
            ":expires": epochSeconds(this.#clock.now()) + this.#ttlSeconds,
          },
        }),
      );
    } catch (error) {
      // Already held at or past this item: nothing to add.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
