import * as z from "zod";
import type { CustomerAddress } from "../../core/channel.ts";
import type { ChannelRules, MediaKind } from "../../core/channel-rules.ts";
import { ChannelRejectedError } from "../../core/errors.ts";
import type {
  OutboundChannel,
  OutboundMedia,
  OutboundMessage,
  OutboundText,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { requireMediaRule } from "../http/media-rule.ts";
import { vendorError } from "../http/vendor-error.ts";
import { sendWithRetries } from "../http/vendor-http.ts";
import type { RetryPolicy } from "../http/with-retries.ts";
import { MESSENGER_RULES, PSID_PATTERN } from "./rules.ts";

export interface MetaSenderOptions {
  readonly pageAccessToken: string;
  /** Replaces https://graph.facebook.com, e.g. the local emulator's origin. */
  readonly graphOrigin?: string;
  /** The Graph API version, e.g. "v21.0". */
  readonly graphVersion?: string;
  readonly timeoutMs?: number;
  /** Retry tuning and tracing (`onRetry`) of each Send API call. */
  readonly retry?: Omit<RetryPolicy, "operation">;
}

/** Sends Facebook Messenger messages and typing through the Graph Send API. */
export class MetaMessengerSender implements OutboundChannel {
  readonly kind = "messenger";
  readonly provider = "meta";
  readonly rules = MESSENGER_RULES;
  readonly #options: MetaSenderOptions;

  constructor(options: MetaSenderOptions) {
    this.#options = options;
  }

  send(message: OutboundMessage): Promise<SendResult> {
    return sendMetaMessage(this.#options, message);
  }

  /** The `typing_on` sender action; Messenger shows it for a few seconds. */
  showTyping(to: CustomerAddress): Promise<void> {
    return sendMetaTyping(this.#options, to);
  }
}

const SendResponseSchema = z.object({ recipient_id: z.string(), message_id: z.string() });
const ActionResponseSchema = z.object({ recipient_id: z.string() });
const ErrorResponseSchema = z.object({
  error: z.looseObject({
    message: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
  }),
});

// The Send API's attachment types for each kind of file (protocols.md §6).
const ATTACHMENT_TYPES: Readonly<Record<MediaKind, string>> = {
  image: "image",
  video: "video",
  audio: "audio",
  document: "file",
};

/**
 * The Send API (protocols.md §6): RESPONSE inside the 24-hour window; an agent's reply
 * after it goes as MESSAGE_TAG with tag HUMAN_AGENT. Messenger has no templates. A file goes
 * as an attachment with a URL payload, which Meta fetches before it answers.
 */
async function sendMetaMessage(
  options: MetaSenderOptions,
  message: OutboundMessage,
): Promise<SendResult> {
  if (message.kind === "template") {
    throw new ChannelRejectedError("Messenger has no message templates", {
      details: { reason: "TEMPLATE_UNSUPPORTED" },
    });
  }
  if (!PSID_PATTERN.test(message.to.handle)) {
    throw new ChannelRejectedError("not a page-scoped id", {
      details: { reason: "INVALID_ADDRESS" },
    });
  }
  const body = {
    recipient: { id: message.to.handle },
    messaging_type: message.humanAgent ? "MESSAGE_TAG" : "RESPONSE",
    message: { ...content(MESSENGER_RULES, message), metadata: message.reference },
    ...(message.humanAgent ? { tag: "HUMAN_AGENT" } : {}),
  };
  // No idempotency key on the Send API: only a 429 or a refused connection is retried.
  const { status, json } = await postToSendApi(options, { body, idempotent: false });
  const sent = SendResponseSchema.safeParse(json);
  if (!sent.success) throw sendError(status, json);
  return { providerMessageId: sent.data.message_id, state: "sent", acceptedAt: new Date() };
}

function content(rules: ChannelRules, message: OutboundText | OutboundMedia) {
  if (message.kind === "media") {
    const rule = requireMediaRule(rules, message);
    // Not reusable: the link expires within minutes, and the file is for this person only.
    return {
      attachment: {
        type: ATTACHMENT_TYPES[rule.kind],
        payload: { url: message.url, is_reusable: false },
      },
    };
  }
  if (message.text.length > rules.maxTextLength) {
    throw new ChannelRejectedError(`text exceeds ${rules.maxTextLength} characters`, {
      details: { reason: "TEXT_TOO_LONG" },
    });
  }
  return { text: message.text };
}

/**
 * The typing indicator: a sender action `typing_on` on the same Send API. It goes alone (no
 * message, no messaging_type) and is answered with the recipient id only; Messenger clears
 * it after a few seconds or with our next message (protocols.md §6; developers.facebook.com
 * /docs/messenger-platform/send-messages/sender-actions).
 */
async function sendMetaTyping(options: MetaSenderOptions, to: CustomerAddress): Promise<void> {
  if (!PSID_PATTERN.test(to.handle)) {
    throw new ChannelRejectedError("not a page-scoped id", {
      details: { reason: "INVALID_ADDRESS" },
    });
  }
  const body = { recipient: { id: to.handle }, sender_action: "typing_on" };
  // A second typing_on only shows the same indicator again: safe to retry on any failure.
  const { status, json } = await postToSendApi(options, { body, idempotent: true });
  if (!ActionResponseSchema.safeParse(json).success) throw sendError(status, json);
}

/** POSTs one Send API call; answers a 2xx body, throws the Graph error of any other. */
async function postToSendApi(
  options: MetaSenderOptions,
  call: { body: Record<string, unknown>; idempotent: boolean },
): Promise<{ status: number; json: unknown }> {
  const origin = options.graphOrigin ?? "https://graph.facebook.com";
  const url = new URL(`/${options.graphVersion ?? "v21.0"}/me/messages`, origin);
  url.searchParams.set("access_token", options.pageAccessToken);
  return sendWithRetries({
    operation: "Meta.SendApi",
    ...options.retry,
    idempotent: call.idempotent,
    timeoutMs: options.timeoutMs ?? 10_000,
    request: {
      url,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(call.body),
    },
    read: async (response) => {
      const json: unknown = await response.json().catch(() => undefined);
      if (!response.ok) throw sendError(response.status, json);
      return { status: response.status, json };
    },
  });
}

// Graph error codes (https://developers.facebook.com/docs/messenger-platform/error-codes):
// 10/2018278 is a send outside the window [unverified, protocols.md §10.11]; 551 means the
// person is not available; 100/2018001 no matching user; 100/2018047 an attachment Meta could
// not fetch or did not accept [unverified, protocols.md §10].
function rejectionReason(code: number | undefined, subcode: number | undefined): string {
  if (code === 10 && subcode === 2018278) return "OUTSIDE_SERVICE_WINDOW";
  if (code === 100 && subcode === 2018047) return "MEDIA_REJECTED";
  if (code === 10 || code === 200) return "NOT_ALLOWED";
  if (code === 551) return "BLOCKED";
  if (code === 100 && subcode === 2018001) return "INVALID_ADDRESS";
  return "REJECTED";
}

function sendError(status: number, json: unknown): Error {
  const parsed = ErrorResponseSchema.safeParse(json);
  const error = parsed.success ? parsed.data.error : {};
  return vendorError({
    status,
    message: error.message ?? `the Send API answered ${status}`,
    // 190 is an invalid or expired token, 4 and 613 our rate limits: our side, not the customer.
    ours: error.code === 190 || error.code === 4 || error.code === 613 || !parsed.success,
    reason: rejectionReason(error.code, error.error_subcode),
    details: {
      ...(error.code === undefined ? {} : { providerCode: String(error.code) }),
      ...(error.error_subcode === undefined
        ? {}
        : { providerSubcode: String(error.error_subcode) }),
    },
  });
}
