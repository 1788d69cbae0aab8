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
  /** Per budget, the due time this process last wrote or read: a guess, never trusted. */
  readonly #lastTat = new Map<string, number>();

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
    const busy = () =>
      this.#update(budget, {
        expression: "SET tat = tat + :cost, expiresAt = :expires",
        condition: "tat BETWEEN :now AND :latest",
        values: { ":cost": cost, ":now": now, ":latest": latest },
      });
    // Idle: the next call was due in the past, so the count starts from now. Each is one
    // conditional write, so a wrong guess of which holds costs a write, never a token.
    const idle = () =>
      this.#update(budget, {
        expression: "SET tat = :next, expiresAt = :expires",
        condition: "attribute_not_exists(tat) OR tat < :now",
        values: { ":next": now + cost, ":now": now },
      });
    // The likelier form first, judged by the last due time this process saw, so a quiet
    // budget costs one write a grant, not two.
    const seen = this.#lastTat.get(budget);
    const order = seen !== undefined && seen >= now ? [busy, idle] : [idle, busy];
    for (const attempt of order) {
      const result = await attempt();
      if (result === "updated") {
        this.#lastTat.set(budget, Math.max(seen ?? now, now) + cost);
        return { granted: tokens, retryInMs: 0 };
      }
      if (result.tat !== undefined) this.#lastTat.set(budget, result.tat);
      if (result.tat !== undefined && result.tat > latest) {
        return { granted: 0, retryInMs: Math.ceil(result.tat - latest) };
      }
    }
    // Both refused: another process is taking the budget; it is busy from here on.
    this.#lastTat.set(budget, now + intervalMs);
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
