import * as z from "zod";
import { CHANNEL_KINDS } from "../channel.ts";
import { InvalidConfigError } from "../errors.ts";
import { isValidTimeZone, parseClockTime, WEEKDAYS } from "./local-time.ts";

const seconds = z
  .number()
  .int()
  .min(0)
  .max(24 * 3600);

/** Offer when the wait reaches `onWaitSeconds`; stop once it falls below `offWaitSeconds`. */
const thresholdsSchema = z
  .strictObject({ onWaitSeconds: seconds, offWaitSeconds: seconds })
  .refine((t) => t.offWaitSeconds <= t.onWaitSeconds, {
    message: "offWaitSeconds must not exceed onWaitSeconds (the gap is the hysteresis)",
    path: ["offWaitSeconds"],
  });

const clockTime = z.string().refine((value) => parseClockTime(value) !== undefined, {
  message: 'expected a 24-hour time "HH:MM"',
});

const windowSchema = z.strictObject({
  days: z.array(z.enum(WEEKDAYS)).min(1),
  start: clockTime,
  end: clockTime,
  thresholds: thresholdsSchema.optional(),
});

const channelPolicySchema = z.strictObject({
  enabled: z.boolean(),
  thresholds: thresholdsSchema.optional(),
});

export const queuePolicySchema = z.strictObject({
  queueId: z.string().min(1),
  /** The queue's name in Connect, so operators can name the queue instead of its id. */
  queueName: z.string().trim().min(1).max(127).optional(),
  timeZone: z.string().refine(isValidTimeZone, { message: "not an IANA time zone" }),
  /** live offers; shadow decides and records but never offers; off does nothing. */
  mode: z.enum(["live", "shadow", "off"]).default("live"),
  thresholds: thresholdsSchema.default({ onWaitSeconds: 300, offWaitSeconds: 240 }),
  /** When offers may be made, in the queue's time zone. Empty means at any time. */
  windows: z.array(windowSchema).default([]),
  /** The largest share of eligible calls to offer, sampled by contact id (0..1). */
  maxOfferShare: z.number().min(0).max(1).default(1),
  channels: z.partialRecord(z.enum(CHANNEL_KINDS), channelPolicySchema),
  /** After a caller declines (presses 2), offer them nothing more on this call. */
  suppressAfterDecline: z.boolean().default(true),
  /** Order to try channels in when the customer has no preference that fits. */
  channelOrder: z.array(z.enum(CHANNEL_KINDS)).default(["whatsapp", "sms"]),
});

export type QueuePolicy = z.output<typeof queuePolicySchema>;
export type QueuePolicyInput = z.input<typeof queuePolicySchema>;
export type Thresholds = z.output<typeof thresholdsSchema>;
export type OfferWindow = z.output<typeof windowSchema>;

/**
 * Validates a queue's policy. Throws InvalidConfigError whose message names every offending
 * key by its path, unknown keys included (`channels.fax: unknown key`).
 */
export function parseQueuePolicy(input: unknown): QueuePolicy {
  const result = queuePolicySchema.safeParse(input);
  if (result.success) return Object.freeze(result.data);
  throw new InvalidConfigError(`invalid queue policy: ${describeIssues(result.error)}`, {
    details: { issues: result.error.issues.map((issue) => formatIssue(issue)) },
  });
}

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => formatIssue(issue)).join("; ");
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const base = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => `${base ? `${base}.` : ""}${key}: unknown key`).join("; ");
  }
  if (issue.code === "invalid_key") {
    return `${base}: unknown key`;
  }
  return `${base || "(root)"}: ${issue.message}`;
}
