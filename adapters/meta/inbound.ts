import { createHmac, timingSafeEqual } from "node:crypto";
import * as z from "zod";
import { InvalidInputError, SignatureInvalidError } from "../../core/errors.ts";
import type {
  InboundChannel,
  InboundMedia,
  InboundMessage,
  InboundParseResult,
  InboundRequest,
} from "../../core/ports/messenger-channel.ts";
import { MESSENGER_RULES, PSID_PATTERN } from "./rules.ts";
import { type MetaStatusUpdate, parseMetaDelivery } from "./status.ts";

export interface MetaReceiverOptions {
  readonly appSecret: string;
  /** The token we chose when subscribing the webhook; Meta echoes it in the verify GET. */
  readonly verifyToken: string;
}

/** Takes a Facebook page's webhooks: the verify GET, then signed messages and deliveries. */
export class MetaMessengerReceiver implements InboundChannel {
  readonly kind = "messenger";
  readonly provider = "meta";
  readonly rules = MESSENGER_RULES;
  readonly #options: MetaReceiverOptions;

  constructor(options: MetaReceiverOptions) {
    this.#options = options;
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    if (request.method === "GET") return answerMetaVerification(this.#options.verifyToken, request);
    verifyMetaSignature(this.#options.appSecret, request);
    return { kind: "events", ...parseMetaEvents(request.rawBody) };
  }
}

/**
 * The verify GET (protocols.md §6): answer `hub.challenge` as the raw body when the mode is
 * `subscribe` and the token matches; anything else is refused.
 */
export function answerMetaVerification(
  verifyToken: string,
  request: InboundRequest,
): InboundParseResult {
  const mode = request.query["hub.mode"];
  const token = request.query["hub.verify_token"] ?? "";
  const challenge = request.query["hub.challenge"];
  if (mode !== "subscribe" || challenge === undefined || !sameSecret(token, verifyToken)) {
    throw new SignatureInvalidError("the verify token does not match", {
      details: { reason: token === "" ? "MISSING_SIGNATURE" : "MISMATCH" },
    });
  }
  return { kind: "challenge", body: challenge, contentType: "text/plain" };
}

/** X-Hub-Signature-256: `sha256=` + hex HMAC-SHA256 of the raw body, keyed by the app secret. */
export function verifyMetaSignature(appSecret: string, request: InboundRequest): void {
  const header = request.headers["x-hub-signature-256"];
  if (!header) {
    throw new SignatureInvalidError("X-Hub-Signature-256 is missing", {
      details: { reason: "MISSING_SIGNATURE" },
    });
  }
  const expected = `sha256=${createHmac("sha256", appSecret).update(request.rawBody, "utf8").digest("hex")}`;
  if (!sameSecret(header.toLowerCase(), expected)) {
    throw new SignatureInvalidError("X-Hub-Signature-256 does not match");
  }
}

/** Constant-time comparison that does not leak the length through an early return. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHmac("sha256", "compare").update(given).digest();
  const b = createHmac("sha256", "compare").update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

// Beyond this a Date is invalid; a bad timestamp is bad input, not a crash.
const MAX_EPOCH_MS = 8_640_000_000_000_000;

const AttachmentSchema = z.looseObject({
  type: z.string().max(32),
  payload: z.looseObject({ url: z.string().max(4_096).optional() }).nullish(),
});

const MessagingSchema = z.looseObject({
  sender: z.object({ id: z.string().max(64) }),
  recipient: z.object({ id: z.string().max(64) }),
  // Delivery and read events carry no timestamp, only a watermark; the entry's time stands in.
  timestamp: z.number().int().nonnegative().max(MAX_EPOCH_MS).optional(),
  message: z
    .looseObject({
      mid: z.string().min(1).max(512),
      text: z.string().max(20_000).optional(),
      is_echo: z.boolean().optional(),
      attachments: z.array(AttachmentSchema).max(50).optional(),
    })
    .optional(),
  delivery: z.looseObject({ mids: z.array(z.string().max(512)).max(100).optional() }).optional(),
});

const EventSchema = z.looseObject({
  object: z.literal("page"),
  entry: z
    .array(
      z.looseObject({
        id: z.string().max(64),
        time: z.number().int().nonnegative().max(MAX_EPOCH_MS),
        messaging: z.array(MessagingSchema).max(1_000).optional(),
        // Handover protocol: another app owns the thread; we do not act on these.
        standby: z.array(z.unknown()).optional(),
      }),
    )
    .max(1_000),
});

type Messaging = z.infer<typeof MessagingSchema>;

/** A page webhook: batches of entries, each with a batch of messaging events. */
export function parseMetaEvents(rawBody: string): {
  messages: InboundMessage[];
  statuses: MetaStatusUpdate[];
} {
  const parsed = EventSchema.safeParse(parseJson(rawBody));
  if (!parsed.success) {
    throw new InvalidInputError("not a Messenger page webhook", {
      details: { issues: parsed.error.issues },
    });
  }
  const messages: InboundMessage[] = [];
  const statuses: MetaStatusUpdate[] = [];
  for (const entry of parsed.data.entry) {
    for (const event of entry.messaging ?? []) {
      const at = new Date(event.timestamp ?? entry.time);
      const message = toInboundMessage(event, at);
      if (message) messages.push(message);
      statuses.push(...parseMetaDelivery(event, at));
    }
  }
  return { messages, statuses };
}

function toInboundMessage(event: Messaging, at: Date): InboundMessage | undefined {
  const { message } = event;
  // Echoes are the page's own sends coming back (sender = page); they are not the customer.
  if (!message || message.is_echo) return undefined;
  if (!PSID_PATTERN.test(event.sender.id)) {
    throw new InvalidInputError("the sender is not a page-scoped id");
  }
  const media: InboundMedia[] = [];
  for (const attachment of message.attachments ?? []) {
    const url = attachment.payload?.url;
    if (url) media.push({ url, contentType: attachment.type });
  }
  return {
    channel: "messenger",
    provider: "meta",
    providerMessageId: message.mid,
    from: { channel: "messenger", handle: event.sender.id },
    text: message.text ?? "",
    media,
    receivedAt: at,
  };
}

export function parseJson(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody);
  } catch (cause) {
    throw new InvalidInputError("the body is not JSON", { cause });
  }
}
