import type { Twilio } from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";
import { ChannelRejectedError, DependencyFailedError } from "../../core/errors.ts";
import type {
  DeliveryState,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { toTwilioAddress } from "./rules.ts";

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
  readonly maxTextLength: number;
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
};

/** Sends through Twilio's Messages API with the official client, loaded on first use. */
export class TwilioMessageSender {
  readonly #options: TwilioSenderOptions;
  #client: Promise<Twilio> | undefined;

  constructor(options: TwilioSenderOptions) {
    this.#options = options;
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    if (message.kind === "text" && message.text.length > this.#options.maxTextLength) {
      throw new ChannelRejectedError(`text exceeds ${this.#options.maxTextLength} characters`, {
        details: { reason: "TEXT_TOO_LONG" },
      });
    }
    const to = recipientOf(message);
    const client = await this.#loadClient();
    const { from, messagingServiceSid, statusCallbackUrl } = this.#options;
    try {
      const sent = await client.messages.create({
        to,
        ...(messagingServiceSid ? { messagingServiceSid } : from ? { from } : {}),
        ...(statusCallbackUrl ? { statusCallback: statusCallbackUrl } : {}),
        ...(message.kind === "text"
          ? { body: message.text }
          : {
              contentSid: message.templateId,
              contentVariables: JSON.stringify(message.variables),
            }),
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

  #loadClient(): Promise<Twilio> {
    this.#client ??= createClient(this.#options);
    return this.#client;
  }
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

async function createClient(options: TwilioSenderOptions): Promise<Twilio> {
  const { default: twilio } = await import("twilio");
  // The client has no base-URL option; a RequestClient that swaps the origin keeps auth,
  // form encoding and response parsing real (protocols.md §5.7).
  const origin = options.apiOrigin;
  class OriginRequestClient extends twilio.RequestClient {
    override request<T>(opts: RequestClient.RequestOptions<T>) {
      const uri = origin ? opts.uri.replace(/^https:\/\/[^/]+/, origin) : opts.uri;
      return super.request({ ...opts, uri });
    }
  }
  // autoRetry backs off on 429 only; a 5xx is not retried because Messages has no
  // idempotency key and a retry could send the message twice.
  return twilio(options.accountSid, options.authToken, {
    httpClient: new OriginRequestClient({ autoRetry: true, maxRetries: 3 }),
  });
}

function initialState(status: string): DeliveryState {
  if (status === "sent" || status === "delivered" || status === "read") return status;
  if (status === "failed" || status === "undelivered") return status;
  return "queued";
}

interface RestExceptionLike {
  readonly status: number;
  readonly code?: number;
  readonly message: string;
}

function isRestException(err: unknown): err is RestExceptionLike {
  return err instanceof Error && typeof (err as { status?: unknown }).status === "number";
}

function sendError(err: unknown): Error {
  if (!isRestException(err)) {
    return new DependencyFailedError("Twilio could not be reached", { cause: err });
  }
  const code = err.code ?? 0;
  const reason = REJECTIONS[code];
  const details = { providerCode: String(code), status: err.status };
  if (reason) {
    return new ChannelRejectedError(err.message, { cause: err, details: { reason, ...details } });
  }
  if (err.status >= 400 && err.status < 500 && ![401, 403, 429].includes(err.status)) {
    return new ChannelRejectedError(err.message, {
      cause: err,
      details: { reason: "REJECTED", ...details },
    });
  }
  return new DependencyFailedError(`Twilio answered ${err.status}`, { cause: err, details });
}
