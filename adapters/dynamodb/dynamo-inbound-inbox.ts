import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { addressKey } from "../../core/channel.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type { InboundInbox } from "../../core/ports/inbound-inbox.ts";
import type { InboundMessage } from "../../core/ports/messenger-channel.ts";
import { isConditionFailure } from "./document-client.ts";

/** How long an inbox item is kept by default: a week, beyond any platform's redelivery. */
export const INBOX_RETENTION_SECONDS = 7 * 24 * 3600;

export interface DynamoInboundInboxOptions {
  readonly documentClient: DynamoDBDocumentClient;
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
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #ttlSeconds: number;
  readonly #clock: Clock;

  constructor(options: DynamoInboundInboxOptions) {
    this.#db = options.documentClient;
    this.#table = options.tableName;
    this.#ttlSeconds = options.ttlSeconds ?? INBOX_RETENTION_SECONDS;
    this.#clock = options.clock;
  }

  async record(message: InboundMessage): Promise<"recorded" | "already-recorded"> {
    const receivedAt = message.receivedAt.toISOString();
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            pk: `INBOX#${addressKey(message.from)}`,
            sk: inboxSortKey(message),
            state: "pending",
            channel: message.channel,
            provider: message.provider,
            providerMessageId: message.providerMessageId,
            handle: message.from.handle,
            text: message.text,
            media: message.media,
            receivedAt,
            ...(message.profileName ? { profileName: message.profileName } : {}),
            recordedAt: this.#clock.now().toISOString(),
            expiresAt: Math.floor(this.#clock.now().getTime() / 1000) + this.#ttlSeconds,
          },
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

/** The item's sort key: the provider's message id, which a redelivery repeats. */
function inboxSortKey(message: Pick<InboundMessage, "provider" | "providerMessageId">) {
  return `MSG#${message.provider}#${message.providerMessageId}`;
}
