import * as z from "zod";
import type { CustomerAddress } from "../../core/channel.ts";
import { InvalidInputError } from "../../core/errors.ts";
import type { DeliveryState, DeliveryStatusUpdate } from "../../core/ports/messenger-channel.ts";
import type { TwilioParams } from "./inbound.ts";
import { fromTwilioAddress, type TwilioChannelKind } from "./rules.ts";

/** A status update that also names the customer it went to (Twilio's `To`). */
export type TwilioStatusUpdate = DeliveryStatusUpdate & { readonly recipient: CustomerAddress };

/** Twilio's message statuses (protocols.md §5.2) in our words; the rest say nothing new. */
const STATES: Readonly<Record<string, DeliveryState>> = {
  accepted: "queued",
  scheduled: "queued",
  queued: "queued",
  sending: "queued",
  sent: "sent",
  delivered: "delivered",
  partially_delivered: "delivered",
  read: "read",
  failed: "failed",
  undelivered: "undelivered",
  canceled: "failed",
};

const StatusSchema = z.object({
  MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/),
  MessageStatus: z.string().max(32),
  To: z.string().min(1).max(64),
  ErrorCode: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional(),
});

/** Is this request a status callback rather than an inbound message? */
export function isTwilioStatusCallback(params: TwilioParams): boolean {
  return "MessageStatus" in params;
}

/**
 * One status callback in the neutral shape, or undefined for statuses that concern inbound
 * messages (`receiving`, `received`). Error 63016 arrives here when WhatsApp refused free
 * text outside the 24-hour window (protocols.md §5.5).
 */
export function parseTwilioStatus(options: {
  kind: TwilioChannelKind;
  params: TwilioParams;
  at: Date;
}): TwilioStatusUpdate | undefined {
  const parsed = StatusSchema.safeParse(options.params);
  if (!parsed.success) {
    throw new InvalidInputError("not a Twilio status callback", {
      details: { issues: parsed.error.issues },
    });
  }
  const { MessageSid, MessageStatus, To, ErrorCode } = parsed.data;
  const state = STATES[MessageStatus];
  if (state === undefined) return undefined;
  return {
    channel: options.kind,
    provider: "twilio",
    providerMessageId: MessageSid,
    state,
    at: options.at,
    recipient: fromTwilioAddress(options.kind, To),
    ...(ErrorCode ? { errorCode: ErrorCode } : {}),
  };
}
