import type { ChannelRules } from "../../core/channel-rules.ts";
import { ChannelRejectedError, DependencyFailedError, isDeflectError } from "../../core/errors.ts";
import type {
  DeliveryState,
  OutboundChannel,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { requireMediaRule } from "../http/media-rule.ts";
import { vendorError } from "../http/vendor-error.ts";
import type { RetryPolicy } from "../http/with-retries.ts";
import { createTwilioMessage, TwilioApiError } from "./messages-api.ts";
import { TWILIO_RULES, type TwilioChannelKind, toTwilioAddress } from "./rules.ts";

const TWILIO_API_ORIGIN = "https://api.twilio.com";

export interface TwilioSenderOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Our number (`+E164`, or `whatsapp:+E164`); or a Messaging Service instead. */
  readonly from?: string;
  readonly messagingServiceSid?: string;
  /** Where Twilio posts status callbacks: the public URL of the webhook route. */
  readonly statusCallbackUrl?: string;
  /** Replaces https://api.twilio.com, e.g. the local emulator's origin. */
  readonly apiOrigin?: string;
  /** Retry tuning and tracing of the Messages API call. */
  readonly retry?: Omit<RetryPolicy, "operation">;
}

// Twilio error codes that mean "this message will never go", and what they mean to us.
// https://www.twilio.com/docs/api/errors (63016: outside the WhatsApp window, §5.5).
const REJECTIONS: Readonly<Record<number, string>> = {
  63016: "OUTSIDE_SERVICE_WINDOW",
  21610: "OPTED_OUT",
  63014: "BLOCKED",
  21211: "INVALID_ADDRESS",
  21614: "INVALID_ADDRESS",
  21910: "INVALID_ADDRESS",
  21655: "TEMPLATE_INVALID",
  21656: "TEMPLATE_INVALID",
  63021: "TEMPLATE_INVALID",
  21617: "TEXT_TOO_LONG",
  // Media refused at once; failures fetching it arrive later, in the status callback.
  21620: "MEDIA_REJECTED",
  21623: "MEDIA_REJECTED",
};

/** Sends SMS or WhatsApp through Twilio's Messages API over plain fetch (no SDK in the bundle). */
export class TwilioSender implements OutboundChannel {
  readonly kind: TwilioChannelKind;
  readonly provider = "twilio";
  readonly rules: ChannelRules;
  readonly #options: TwilioSenderOptions;

  constructor(kind: TwilioChannelKind, options: TwilioSenderOptions) {
    this.kind = kind;
    this.rules = TWILIO_RULES[kind];
    this.#options = options;
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const { maxTextLength } = this.rules;
    if (message.kind === "text" && message.text.length > maxTextLength) {
      throw new ChannelRejectedError(`text exceeds ${maxTextLength} characters`, {
        details: { reason: "TEXT_TOO_LONG" },
      });
    }
    if (message.kind === "media") requireMediaRule(this.rules, message);
    const { accountSid, authToken, apiOrigin, retry } = this.#options;
    const fields = this.#fields(message);
    try {
      const origin = apiOrigin ?? TWILIO_API_ORIGIN;
      const sent = await createTwilioMessage({
        origin,
        accountSid,
        authToken,
        fields,
        ...(retry ? { retry } : {}),
      });
      return {
        providerMessageId: sent.sid,
        state: initialState(sent.status),
        acceptedAt: sent.dateCreated ?? new Date(),
      };
    } catch (err) {
      throw sendError(err);
    }
  }

  /** Form fields in Twilio's names; ContentVariables is a JSON string (protocols.md §5.4). */
  #fields(message: OutboundMessage): Record<string, string> {
    const { from, messagingServiceSid, statusCallbackUrl } = this.#options;
    return {
      To: recipientOf(message),
      ...(messagingServiceSid
        ? { MessagingServiceSid: messagingServiceSid }
        : from
          ? { From: from }
          : {}),
      ...(statusCallbackUrl ? { StatusCallback: statusCallbackUrl } : {}),
      ...contentFields(message),
    };
  }
}

function contentFields(message: OutboundMessage): Record<string, string> {
  if (message.kind === "text") return { Body: message.text };
  // Twilio fetches the file from MediaUrl itself, after answering (protocols.md §5.4).
  if (message.kind === "media") {
    return { MediaUrl: message.url, ...(message.caption ? { Body: message.caption } : {}) };
  }
  return { ContentSid: message.templateId, ContentVariables: JSON.stringify(message.variables) };
}

function recipientOf(message: OutboundMessage): string {
  try {
    return toTwilioAddress(message.to);
  } catch (cause) {
    throw new ChannelRejectedError("not a phone number Twilio can reach", {
      cause,
      details: { reason: "INVALID_ADDRESS" },
    });
  }
}

function initialState(status: string): DeliveryState {
  if (status === "sent" || status === "delivered" || status === "read") return status;
  if (status === "failed" || status === "undelivered") return status;
  return "queued";
}

function sendError(err: unknown): Error {
  if (isDeflectError(err)) return err;
  if (!(err instanceof TwilioApiError)) {
    return new DependencyFailedError("Twilio send failed unexpectedly", { cause: err });
  }
  const code = err.code ?? 0;
  return vendorError({
    status: err.status,
    message: err.message,
    cause: err,
    // 403 is our account's permission, not the customer: no reason to drop the message.
    ours: err.status === 403 && !REJECTIONS[code],
    ...(REJECTIONS[code] ? { reason: REJECTIONS[code] } : {}),
    details: {
      providerCode: String(code),
      ...(err.moreInfo ? { moreInfo: err.moreInfo } : {}),
    },
  });
}
