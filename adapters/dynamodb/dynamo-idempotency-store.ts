import { randomUUID } from "node:crypto";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Clock } from "../../core/ports/clock.ts";
import type {
  ClaimSpec,
  IdempotencyClaim,
  IdempotencyStore,
} from "../../core/ports/idempotency-store.ts";
import { isConditionFailure } from "./document-client.ts";
import { epochSeconds, itemKeys } from "./item-keys.ts";

/** A completed key whose claim was released meanwhile is kept this long (30 days). */
const DEFAULT_COMPLETED_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Idempotency keys on the product's table (`IDEMPOTENCY#<key>`): a claim is a conditional put that
 * wins when the key is new, expired, or held past its lease; completing stores the result.
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
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

  async claim(spec: ClaimSpec): Promise<IdempotencyClaim> {
    const now = this.#clock.now();
    const nowSeconds = epochSeconds(now);
    const claimId = randomUUID();
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...itemKeys.idempotency(spec.key),
            state: "in-progress",
            claimedAt: now.toISOString(),
            claimId,
            leaseEndsAt: nowSeconds + spec.leaseSeconds,
            expiresAt: nowSeconds + spec.ttlSeconds,
          },
          ConditionExpression:
            "attribute_not_exists(pk) OR expiresAt < :now OR (#state = :inProgress AND leaseEndsAt < :now)",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":now": nowSeconds, ":inProgress": "in-progress" },
        }),
      );
      return { state: "claimed", claimId };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: itemKeys.idempotency(spec.key),
        ConsistentRead: true,
      }),
    );
    if (Item?.state === "completed") {
      return { state: "completed", result: (Item.result ?? {}) as Record<string, string> };
    }
    return { state: "in-progress", claimedAt: String(Item?.claimedAt ?? now.toISOString()) };
  }

  async release(options: { key: string; claimId: string }): Promise<void> {
    try {
      await this.#db.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: itemKeys.idempotency(options.key),
          ConditionExpression: "#state = :inProgress AND claimId = :claimId",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":inProgress": "in-progress", ":claimId": options.claimId },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async complete(options: { key: string; result: Readonly<Record<string, string>> }) {
    // The claim keeps the time to live it was claimed with (a dedupe window, say). A claim
    // released meanwhile by a worker that took over is written back with the default.
    const now = this.#clock.now();
    await this.#db.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: itemKeys.idempotency(options.key),
        UpdateExpression:
          "SET #state = :completed, #result = :result, completedAt = :at, " +
          "expiresAt = if_not_exists(expiresAt, :expiresAt)",
        ExpressionAttributeNames: { "#state": "state", "#result": "result" },
        ExpressionAttributeValues: {
          ":completed": "completed",
          ":result": options.result,
          ":at": now.toISOString(),
          ":expiresAt": epochSeconds(now) + DEFAULT_COMPLETED_TTL_SECONDS,
        },
      }),
    );
  }
}
