import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { CustomerAddress } from "../../core/channel.ts";
import { ConflictError, InvalidInputError } from "../../core/errors.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type { CreateSessionResult, SessionStore } from "../../core/ports/session-store.ts";
import type { DeflectionSession } from "../../core/session/deflection-session.ts";
import { LIVE_CHAT_STATUSES } from "../../core/session/session-status.ts";
import { isConditionFailure } from "./document-client.ts";
import { routeWithdrawal } from "./dynamo-live-routes.ts";
import { epochSeconds, itemKeys } from "./item-keys.ts";

export interface DynamoSessionStoreOptions {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** How long sessions and their pointers are kept (default 30 days). */
  readonly sessionTtlSeconds?: number;
}

const DEFAULT_SESSION_TTL_SECONDS = 30 * 24 * 3600;

/** SessionStore on the product's single DynamoDB table; every change is a conditional write. */
export class DynamoSessionStore implements SessionStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: Clock;
  readonly #ttlSeconds: number;

  constructor(options: DynamoSessionStoreOptions) {
    this.#db = options.documentClient;
    this.#table = options.tableName;
    this.#clock = options.clock;
    this.#ttlSeconds = options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
  }

  async createSession(session: DeflectionSession): Promise<CreateSessionResult> {
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: this.#sessionItem(session),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.getSession(session.voiceContactId);
      if (!existing) throw new ConflictError(`session ${session.voiceContactId} vanished`);
      // A retry after a crash between the two writes repairs the pointer here.
      await this.#pointAddressAt(existing);
      return { created: false, existing };
    }
    await this.#pointAddressAt(session);
    return { created: true, session };
  }

  async getSession(voiceContactId: string): Promise<DeflectionSession | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: itemKeys.session(voiceContactId),
        ConsistentRead: true,
      }),
    );
    return Item ? toSession(Item) : undefined;
  }

  async saveTransition(previous: DeflectionSession, next: DeflectionSession): Promise<void> {
    if (next.voiceContactId !== previous.voiceContactId || next.version !== previous.version + 1) {
      throw new InvalidInputError(
        "a transition must keep the contact and raise the version by one",
      );
    }
    if (LIVE_CHAT_STATUSES.has(previous.status) && !LIVE_CHAT_STATUSES.has(next.status)) {
      await this.#withdrawRoute(previous);
    }
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: this.#sessionItem(next),
          ConditionExpression: "#status = :status AND #version = :version",
          ExpressionAttributeNames: { "#status": "status", "#version": "version" },
          ExpressionAttributeValues: { ":status": previous.status, ":version": previous.version },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      throw new ConflictError(
        `session ${previous.voiceContactId} changed since version ${previous.version}`,
        { cause: error, details: { voiceContactId: previous.voiceContactId } },
      );
    }
  }

  async findByAddress(address: CustomerAddress): Promise<DeflectionSession | undefined> {
    return this.#followPointer(itemKeys.address(address));
  }

  async linkChat(chatContactId: string, voiceContactId: string): Promise<void> {
    await this.#db.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...itemKeys.chat(chatContactId), voiceContactId, expiresAt: this.#expiry() },
      }),
    );
  }

  async findByChat(chatContactId: string): Promise<DeflectionSession | undefined> {
    return this.#followPointer(itemKeys.chat(chatContactId));
  }

  /**
   * Before the session leaves its live chat, the address's live route goes (first, so no
   * message can take it after the session has left). A session that lost the address
   * meanwhile has no route there to withdraw.
   */
  async #withdrawRoute(session: DeflectionSession): Promise<void> {
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          ...routeWithdrawal({
            address: session.address,
            voiceContactId: session.voiceContactId,
            fromVersion: session.version,
          }),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * Newest session wins the address: an older one never takes the pointer back. A new
   * session's pointer has no live route.
   */
  async #pointAddressAt(session: DeflectionSession): Promise<void> {
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...itemKeys.address(session.address),
            voiceContactId: session.voiceContactId,
            sessionCreatedAt: session.createdAt,
            expiresAt: this.#expiry(),
          },
          // A pointer at this session already stays as it is, with its live route.
          ConditionExpression:
            "attribute_not_exists(pk) OR (sessionCreatedAt <= :createdAt AND voiceContactId <> :voiceContactId)",
          ExpressionAttributeValues: {
            ":createdAt": session.createdAt,
            ":voiceContactId": session.voiceContactId,
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async #followPointer(key: { pk: string; sk: string }): Promise<DeflectionSession | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }),
    );
    const voiceContactId = Item?.voiceContactId;
    return typeof voiceContactId === "string" ? this.getSession(voiceContactId) : undefined;
  }

  #sessionItem(session: DeflectionSession): Record<string, unknown> {
    return { ...itemKeys.session(session.voiceContactId), ...session, expiresAt: this.#expiry() };
  }

  #expiry(): number {
    return epochSeconds(this.#clock.now()) + this.#ttlSeconds;
  }
}

function toSession(item: Record<string, unknown>): DeflectionSession {
  const { pk: _pk, sk: _sk, expiresAt: _expiresAt, ...session } = item;
  return session as unknown as DeflectionSession;
}
