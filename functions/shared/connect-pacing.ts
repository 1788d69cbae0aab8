import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoRateBudget } from "../../adapters/dynamodb/dynamo-rate-budget.ts";
import { CallPacer, type PacingTable } from "../../core/pacing/call-pacer.ts";
import { systemClock } from "../../core/ports/clock.ts";

// Quotas count requests per real second, whatever clock drives the rest (the sandbox runs its
// busy hour faster than real time).

/**
 * The pacer every Connect and Participant client of a process goes through: budgets shared
 * through the table with every other instance of every function. `maxWaitMs` bounds how long
 * one call may wait for its turn before it fails and is retried the function's own way.
 */
export function connectPacer(options: {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  pacing: PacingTable;
  maxWaitMs: number;
}): CallPacer {
  return new CallPacer({
    budget: new DynamoRateBudget({ ...options, clock: systemClock }),
    table: options.pacing,
    clock: systemClock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    maxWaitMs: options.maxWaitMs,
  });
}
