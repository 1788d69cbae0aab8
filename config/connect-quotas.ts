import * as z from "zod";
import type { PacingTable } from "../core/pacing/call-pacer.ts";

/**
 * The Connect quotas the product paces itself to, across every function instance: Amazon
 * Connect's defaults for a new account (protocols.md §3.6 and §9), each burst kept 2 under
 * Connect's so calls that travel at slightly different speeds still fit. GetCurrentMetricData
 * is not here: deflect reads it through its own refresh lease and bucket (CachedQueueMetrics),
 * where a call without a token is served the cached estimate instead of waiting. Set
 * DEFLECT_CONNECT_QUOTAS to the account's own figures once AWS has raised them.
 */
export const DEFAULT_PACING: PacingTable = {
  StartChatContact: { ratePerSecond: 5, burst: 6 },
  StartContactStreaming: { ratePerSecond: 5, burst: 6 },
  CreateParticipantConnection: { ratePerSecond: 6, burst: 7 },
  "SendMessage+SendEvent": { ratePerSecond: 10, burst: 13 },
  GetTranscript: { ratePerSecond: 8, burst: 10 },
  GetContactMetrics: { ratePerSecond: 2, burst: 3 },
  DisconnectParticipant: { ratePerSecond: 3, burst: 3 },
  StartAttachmentUpload: { ratePerSecond: 2, burst: 3 },
  CompleteAttachmentUpload: { ratePerSecond: 2, burst: 3 },
  GetAttachment: { ratePerSecond: 8, burst: 10 },
};

const pacingSchema = z.record(
  z.string().regex(/^[A-Za-z]+(\+[A-Za-z]+)*$/, "an operation name, or names joined by +"),
  z.object({ ratePerSecond: z.number().positive().max(10_000), burst: z.number().int().min(1) }),
);

/**
 * The pacing table: the defaults, with the budgets `json` names replaced (a JSON object of
 * `{ "<Operation>": { "ratePerSecond": 20, "burst": 30 } }`). Throws naming what is wrong.
 */
export function pacingTable(json: string | undefined): PacingTable {
  if (!json) return DEFAULT_PACING;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error("is not JSON");
  }
  const result = pacingSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
  }
  return { ...DEFAULT_PACING, ...result.data };
}
