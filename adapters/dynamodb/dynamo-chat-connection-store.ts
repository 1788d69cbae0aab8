import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { ConflictError, InvalidConfigError, InvalidInputError } from "../../core/errors.ts";
import type {
  ChatConnectionRecord,
  ChatConnectionStore,
  ChatOpening,
  FirstReply,
} from "../../core/ports/chat-connection-store.ts";
import type { Clock } from "../../core/ports/clock.ts";
import { isConditionFailure } from "./document-client.ts";
import { epochSeconds, itemKeys } from "./item-keys.ts";

export interface DynamoChatConnectionStoreOptions {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** 32 bytes for AES-256-GCM. */
  readonly encryptionKey: Buffer;
  /** Default 8 days: a chat lasts at most 7 (protocols.md §3.3). */
  readonly ttlSeconds?: number;
}

const firstReplyItem = z.object({
  providerMessageId: z.string(),
  text: z.string(),
  displayName: z.string(),
  context: z.record(z.string(), z.string()).optional(),
});

const connectionItem = z.object({
  chatContactId: z.string(),
  voiceContactId: z.string(),
  participantId: z.string(),
  participantTokenSealed: z.string(),
  connectionTokenSealed: z.string(),
  connectionExpiresAt: z.string(),
  firstReplyMessageId: z.string().optional(),
});

/**
 * Resume's records on the single table. The participant and connection tokens are sealed
 * with AES-256-GCM under a key from configuration, bound to their chat (as associated data)
 * so a sealed token cannot be replayed on another item.
 * The key comes from the deployment's secret (config/secret-environment.ts); resume and the
 * relay hold the same one.
 */
export class DynamoChatConnectionStore implements ChatConnectionStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: Clock;
  readonly #cipher: TokenCipher;
  readonly #ttlSeconds: number;

  constructor(options: DynamoChatConnectionStoreOptions) {
    this.#db = options.documentClient;
    this.#table = options.tableName;
    this.#clock = options.clock;
    this.#cipher = new TokenCipher(options.encryptionKey);
    this.#ttlSeconds = options.ttlSeconds ?? 8 * 24 * 3600;
  }

  async recordFirstReply(opening: ChatOpening, reply: FirstReply): Promise<FirstReply> {
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...itemKeys.firstReply(opening), ...reply, expiresAt: this.#expiry() },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return reply;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const stored = await this.getFirstReply(opening);
    // Deleted between the failed put and the read (its time to live ran out): the same race as
    // a session's, with the same code, so the message is retried rather than dropped.
    if (!stored) throw new ConflictError(`first reply of ${opening.voiceContactId} vanished`);
    return stored;
  }

  async getFirstReply(opening: ChatOpening): Promise<FirstReply | undefined> {
    const item = await this.#get(itemKeys.firstReply(opening));
    if (!item) return undefined;
    const { context, ...reply } = firstReplyItem.parse(item);
    return context ? { ...reply, context } : reply;
  }

  async getConnection(chatContactId: string): Promise<ChatConnectionRecord | undefined> {
    const item = await this.#get(itemKeys.chatConnection(chatContactId));
    if (!item) return undefined;
    const stored = connectionItem.parse(item);
    const { participantTokenSealed, connectionTokenSealed, firstReplyMessageId, ...rest } = stored;
    return {
      ...rest,
      ...(firstReplyMessageId ? { firstReplyMessageId } : {}),
      participantToken: this.#cipher.open(participantTokenSealed, chatContactId),
      connectionToken: this.#cipher.open(connectionTokenSealed, chatContactId),
    };
  }

  async addConnection(record: ChatConnectionRecord): Promise<ChatConnectionRecord> {
    try {
      await this.#put(record, "attribute_not_exists(pk)");
      return record;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const stored = await this.getConnection(record.chatContactId);
    if (!stored) throw new ConflictError(`connection of ${record.chatContactId} vanished`);
    return stored;
  }

  async saveConnection(record: ChatConnectionRecord): Promise<void> {
    await this.#put(record);
  }

  async #put(record: ChatConnectionRecord, condition?: string): Promise<void> {
    const { participantToken, connectionToken, ...rest } = record;
    await this.#db.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...itemKeys.chatConnection(record.chatContactId),
          ...rest,
          participantTokenSealed: this.#cipher.seal(participantToken, record.chatContactId),
          connectionTokenSealed: this.#cipher.seal(connectionToken, record.chatContactId),
          expiresAt: this.#expiry(),
        },
        ...(condition ? { ConditionExpression: condition } : {}),
      }),
    );
  }

  async #get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  #expiry(): number {
    return epochSeconds(this.#clock.now()) + this.#ttlSeconds;
  }
}

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, base64url, with the chat id as associated data. */
export class TokenCipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new InvalidConfigError("the token key must be 32 bytes");
    this.#key = key;
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return ["v1", iv, cipher.getAuthTag(), body].map(encode).join(".");
  }

  open(sealed: string, context: string): string {
    const [version, iv, tag, body] = sealed.split(".");
    if (version !== "v1" || !iv || !tag || body === undefined) {
      throw new InvalidInputError("a sealed token is malformed");
    }
    const decipher = createDecipheriv("aes-256-gcm", this.#key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(body, "base64url")),
      decipher.final(),
    ]);
    return plain.toString("utf8");
  }
}

function encode(part: string | Buffer): string {
  return typeof part === "string" ? part : part.toString("base64url");
}
