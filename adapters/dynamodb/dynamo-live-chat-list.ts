import { createHash } from "node:crypto";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { InvalidInputError } from "../../core/errors.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type { LiveChatList } from "../../core/ports/live-chat-list.ts";
import { epochSeconds, itemKeys, liveChatPartition } from "./item-keys.ts";

export interface DynamoLiveChatListOptions {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** Default 8 days: a chat lasts at most 7 (protocols.md §3.3). */
  readonly ttlSeconds?: number;
  /** Listing partitions; a fixed number per table, since a chat's shard is derived from it. */
  readonly shards?: number;
  /** Items per query page; DynamoDB's 1 MB page when unset. */
  readonly pageSize?: number;
}

/** Default shard count: writes of thousands of chats stay well under one partition's limits. */
export const LIVE_CHAT_SHARDS = 8;

const liveChatItem = z.object({
  sk: z.string().min(1),
  expiresAt: z.number().int(),
});

/**
 * The live chats as items `LIVECHAT#<shard>` / `<chatContactId>`, spread over a few listing
 * partitions by a hash of the chat id, so listing is one paged query per shard and no single
 * partition takes every write. DynamoDB deletes lapsed items some time after `expiresAt`
 * (up to days late), so a listing skips them itself.
 */
export class DynamoLiveChatList implements LiveChatList {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: Clock;
  readonly #ttlSeconds: number;
  readonly #shards: number;
  readonly #pageSize: number | undefined;

  constructor(options: DynamoLiveChatListOptions) {
    this.#db = options.documentClient;
    this.#table = options.tableName;
    this.#clock = options.clock;
    this.#ttlSeconds = options.ttlSeconds ?? 8 * 24 * 3600;
    this.#shards = options.shards ?? LIVE_CHAT_SHARDS;
    this.#pageSize = options.pageSize;
  }

  async list(): Promise<string[]> {
    const now = epochSeconds(this.#clock.now());
    const shards = Array.from({ length: this.#shards }, (_, shard) => this.#listShard(shard, now));
    return (await Promise.all(shards)).flat();
  }

  async add(chatContactId: string): Promise<void> {
    await this.#db.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...this.#key(requireId(chatContactId)),
          expiresAt: epochSeconds(this.#clock.now()) + this.#ttlSeconds,
        },
      }),
    );
  }

  async remove(chatContactId: string): Promise<void> {
    await this.#db.send(
      new DeleteCommand({ TableName: this.#table, Key: this.#key(requireId(chatContactId)) }),
    );
  }

  async #listShard(shard: number, now: number): Promise<string[]> {
    const chats: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#db.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": liveChatPartition(shard) },
          ExclusiveStartKey: startKey,
          ...(this.#pageSize ? { Limit: this.#pageSize } : {}),
        }),
      );
      for (const raw of page.Items ?? []) {
        // A row this code cannot read is skipped, so it cannot stop every other chat's socket.
        const item = liveChatItem.safeParse(raw);
        if (item.success && item.data.expiresAt > now) chats.push(item.data.sk);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return chats;
  }

  #key(chatContactId: string) {
    const digest = createHash("sha256").update(chatContactId).digest();
    return itemKeys.liveChat(digest.readUInt32BE(0) % this.#shards, chatContactId);
  }
}

function requireId(chatContactId: string): string {
  if (chatContactId.length === 0 || chatContactId.length > 256) {
    throw new InvalidInputError("a live chat needs a contact id of 1 to 256 characters");
  }
  return chatContactId;
}
