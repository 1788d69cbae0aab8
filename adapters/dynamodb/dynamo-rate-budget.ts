import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Clock } from "../../core/ports/clock.ts";
import type { RateGrant, RateQuota, SharedRateBudget } from "../../core/ports/rate-budget.ts";
import { isConditionFailure } from "./document-client.ts";
import { epochSeconds, itemKeys } from "./item-keys.ts";

const DAY_SECONDS = 24 * 3600;

/**
 * A shared rate budget per API in the table (`PACE#<budget>`), as a generic cell rate
 * algorithm: one number, the theoretical arrival time `tat` of the next call. Taking k tokens
 * moves it k intervals on, allowed while it stays within the burst of now. Each take is one
 * conditional update (two when the budget was idle), with no read: two processes can never
 * both get the same token.
 */
export class DynamoRateBudget implements SharedRateBudget {
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

  async take(budget: string, tokens: number, quota: RateQuota): Promise<RateGrant> {
    const intervalMs = 1000 / quota.ratePerSecond;
    const toleranceMs = quota.burst * intervalMs;
    const cost = tokens * intervalMs;
    const now = this.#clock.now().getTime();
    const latest = now + toleranceMs - cost;
    if (latest < now) {
      throw new RangeError(`${tokens} tokens are more than ${budget}'s burst of ${quota.burst}`);
    }
    // Busy: the next call is due in the future, and these still fit within the burst.
    const busy = await this.#update(budget, {
      expression: "SET tat = tat + :cost, expiresAt = :expires",
      condition: "tat BETWEEN :now AND :latest",
      values: { ":cost": cost, ":now": now, ":latest": latest },
    });
    if (busy === "updated") return { granted: tokens, retryInMs: 0 };
    if (busy.tat !== undefined && busy.tat > latest) {
      return { granted: 0, retryInMs: Math.ceil(busy.tat - latest) };
    }
    // Idle: the next call was due in the past, so the count starts from now.
    const idle = await this.#update(budget, {
      expression: "SET tat = :next, expiresAt = :expires",
      condition: "attribute_not_exists(tat) OR tat < :now",
      values: { ":next": now + cost, ":now": now },
    });
    if (idle === "updated") return { granted: tokens, retryInMs: 0 };
    return { granted: 0, retryInMs: Math.ceil(intervalMs) };
  }

  async holdUntil(budget: string, until: Date, quota: RateQuota): Promise<void> {
    const intervalMs = 1000 / quota.ratePerSecond;
    // With tat this far past `until`, the first token fits at `until` and none before it.
    const held = until.getTime() + (quota.burst - 1) * intervalMs;
    await this.#update(budget, {
      expression: "SET tat = :held, expiresAt = :expires",
      condition: "attribute_not_exists(tat) OR tat < :held",
      values: { ":held": held },
    });
  }

  /** One conditional update; on a failed condition, the stored tat when DynamoDB returns it. */
  async #update(
    budget: string,
    update: { expression: string; condition: string; values: Record<string, number> },
  ): Promise<"updated" | { tat?: number }> {
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: itemKeys.rateBudget(budget),
          UpdateExpression: update.expression,
          ConditionExpression: update.condition,
          ExpressionAttributeValues: {
            ...update.values,
            ":expires": epochSeconds(this.#clock.now()) + DAY_SECONDS,
          },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return "updated";
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The document client leaves an error's item in DynamoDB's own form ({ N: "…" }).
      const tat = (error as { Item?: { tat?: { N?: string } | number } }).Item?.tat;
      const value = typeof tat === "number" ? tat : Number(tat?.N);
      return Number.isFinite(value) ? { tat: value } : {};
    }
  }
}
