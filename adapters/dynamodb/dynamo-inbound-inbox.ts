import { type AttributeValue, type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { Clock } from "../../core/ports/clock.ts";
import type { InboundInbox } from "../../core/ports/inbound-inbox.ts";
import type { InboundMedia, InboundMessage } from "../../core/ports/messenger-channel.ts";
import { isConditionFailure } from "./document-client.ts";
import { itemKeys } from "./item-keys.ts";

/** How long an inbox item is kept by default: a week, beyond any platform's redelivery. */
export const INBOX_RETENTION_SECONDS = 7 * 24 * 3600;

export interface DynamoInboundInboxOptions {
  /** Best built with `cacheMiddleware: true` (createCachedDynamoClient): one put a message. */
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** How long a message is kept, and a redelivery of it refused (default 7 days). */
  readonly ttlSeconds?: number;
}

/**
 * The inbox on the product's single table. A customer's messages share one partition
 * (`INBOX#<channel>#<handle>`), so the table's stream hands them to routing in the order they
 * were written, each insert starting its own invocation. An item is keyed by the provider's
 * message id (`MSG#<provider>#<id>`), so its one conditional put both stores the message and
 * turns away a redelivery, however long after. No listing index: one index partition for
 * every pending message would cap the write rate of the whole inbox.
 */
export class DynamoInboundInbox implements InboundInbox {
  readonly #db: DynamoDBClient;
  readonly #table: string;
  readonly #ttlSeconds: number;
  readonly #clock: Clock;

  constructor(options: DynamoInboundInboxOptions) {
    this.#db = options.client;
    this.#table = options.tableName;
    this.#ttlSeconds = options.ttlSeconds ?? INBOX_RETENTION_SECONDS;
    this.#clock = options.clock;
  }

  async record(message: InboundMessage): Promise<"recorded" | "already-recorded"> {
    const now = this.#clock.now();
    const key = itemKeys.inboxMessage(message.from, message.provider, message.providerMessageId);
    // Typed attributes by hand: this put is on every message, and marshalling costs more.
    const item: Record<string, AttributeValue> = {
      pk: { S: key.pk },
      sk: { S: key.sk },
      state: { S: "pending" },
      channel: { S: message.channel },
      provider: { S: message.provider },
      providerMessageId: { S: message.providerMessageId },
      handle: { S: message.from.handle },
      text: { S: message.text },
      media: { L: message.media.map(mediaAttribute) },
      receivedAt: { S: message.receivedAt.toISOString() },
      ...(message.profileName ? { profileName: { S: message.profileName } } : {}),
      recordedAt: { S: now.toISOString() },
      expiresAt: { N: String(Math.floor(now.getTime() / 1000) + this.#ttlSeconds) },
    };
    try {
      await this.#db.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: item,
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return "recorded";
    } catch (error) {
      if (isConditionFailure(error)) return "already-recorded";
      throw error;
    }
  }
}

function mediaAttribute(media: InboundMedia): AttributeValue {
  const { url, contentType } = media;
  return { M: { url: { S: url }, ...(contentType ? { contentType: { S: contentType } } : {}) } };
}
