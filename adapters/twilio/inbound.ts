import { validateRequest, validateRequestWithBody } from "twilio/lib/webhooks/webhooks.js";
import * as z from "zod";
import type { ChannelRules } from "../../core/channel-rules.ts";
import { InvalidInputError, SignatureInvalidError } from "../../core/errors.ts";
import { type Clock, systemClock } from "../../core/ports/clock.ts";
import type {
  DeliveryStatusUpdate,
  InboundChannel,
  InboundMessage,
  InboundParseResult,
  InboundRequest,
} from "../../core/ports/messenger-channel.ts";
import { fromTwilioAddress, TWILIO_RULES, type TwilioChannelKind } from "./rules.ts";
import { isTwilioStatusCallback, parseTwilioStatus } from "./status.ts";

/** Form parameters as Twilio sends them; a repeated name keeps every value. */
export type TwilioParams = Record<string, string | string[]>;

const SIGNATURE_HEADER = "x-twilio-signature";

export interface TwilioReceiverOptions {
  readonly authToken: string;
  readonly clock?: Clock;
}

/**
 * Takes Twilio's webhooks for SMS or WhatsApp. One route takes both inbound messages and
 * status callbacks: a status callback is the request that carries `MessageStatus`.
 */
export class TwilioReceiver implements InboundChannel {
  readonly kind: TwilioChannelKind;
  readonly provider = "twilio";
  readonly rules: ChannelRules;
  readonly #authToken: string;
  readonly #clock: Clock;

  constructor(kind: TwilioChannelKind, options: TwilioReceiverOptions) {
    this.kind = kind;
    this.rules = TWILIO_RULES[kind];
    this.#authToken = options.authToken;
    this.#clock = options.clock ?? systemClock;
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    verifyTwilioRequest(this.#authToken, request);
    const params = twilioParams(request);
    const now = this.#clock.now();
    const messages: InboundMessage[] = [];
    const statuses: DeliveryStatusUpdate[] = [];
    if (isTwilioStatusCallback(params)) {
      const status = parseTwilioStatus({ kind: this.kind, params, at: now });
      if (status) statuses.push(status);
    } else {
      messages.push(parseTwilioInbound({ kind: this.kind, params, receivedAt: now }));
    }
    return { kind: "events", messages, statuses };
  }
}

/**
 * Checks X-Twilio-Signature with the `twilio` library's own validator (protocols.md §5.3).
 * The URL is the configured public one, so a proxy in front cannot change what is signed.
 * Requests whose URL carries `bodySHA256` are the JSON-body variant.
 */
export function verifyTwilioRequest(authToken: string, request: InboundRequest): void {
  const signature = request.headers[SIGNATURE_HEADER];
  if (!signature) {
    throw new SignatureInvalidError("X-Twilio-Signature is missing", {
      details: { reason: "MISSING_SIGNATURE" },
    });
  }
  const url = request.publicUrl;
  const valid =
    request.method === "GET"
      ? validateRequest(authToken, signature, url, {})
      : Object.hasOwn(request.query, "bodySHA256")
        ? validateRequestWithBody(authToken, signature, url, request.rawBody)
        : validateRequest(authToken, signature, url, formParams(request.rawBody));
  if (!valid) throw new SignatureInvalidError("X-Twilio-Signature does not match");
}

/** The request's parameters: the query for GET, the JSON object or the form otherwise. */
export function twilioParams(request: InboundRequest): TwilioParams {
  if (request.method === "GET") return Object.assign(Object.create(null), request.query);
  if (Object.hasOwn(request.query, "bodySHA256")) return jsonParams(request.rawBody);
  return formParams(request.rawBody);
}

function formParams(rawBody: string): TwilioParams {
  // No prototype: a parameter named "toString" or "__proto__" is just a parameter.
  const params: TwilioParams = Object.create(null);
  for (const [name, value] of new URLSearchParams(rawBody)) {
    const existing = params[name];
    if (existing === undefined) params[name] = value;
    else params[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return params;
}

const JsonParamsSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

// [unverified] which messaging webhooks use the JSON variant; its body is read as the same
// flat parameters as the form variant.
function jsonParams(rawBody: string): TwilioParams {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch (cause) {
    throw new InvalidInputError("the Twilio JSON body is not JSON", { cause });
  }
  const parsed = JsonParamsSchema.safeParse(body);
  if (!parsed.success) {
    throw new InvalidInputError("the Twilio JSON body is not a flat object of strings", {
      details: { issues: parsed.error.issues },
    });
  }
  return parsed.data;
}

// Twilio adds parameters without notice (§5.1), so unknown names are allowed and ignored.
const InboundSchema = z.object({
  MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/),
  From: z.string().min(1).max(64),
  Body: z.string().max(10_000).default(""),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
  ProfileName: z.string().max(256).optional(),
});

/** One inbound SMS or WhatsApp message in the neutral shape. */
export function parseTwilioInbound(options: {
  kind: TwilioChannelKind;
  params: TwilioParams;
  receivedAt: Date;
}): InboundMessage {
  const { kind, params, receivedAt } = options;
  const parsed = InboundSchema.safeParse(params);
  if (!parsed.success) {
    throw new InvalidInputError("not a Twilio inbound message", {
      details: { issues: parsed.error.issues },
    });
  }
  const { MessageSid, From, Body, NumMedia, ProfileName } = parsed.data;
  const media = [];
  for (let n = 0; n < NumMedia; n++) {
    const url = params[`MediaUrl${n}`];
    const contentType = params[`MediaContentType${n}`];
    if (typeof url !== "string") continue;
    media.push(typeof contentType === "string" ? { url, contentType } : { url });
  }
  return {
    channel: kind,
    provider: "twilio",
    providerMessageId: MessageSid,
    from: fromTwilioAddress(kind, From),
    text: Body,
    media,
    receivedAt,
    ...(ProfileName ? { profileName: ProfileName } : {}),
  };
}
