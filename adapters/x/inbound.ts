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
import { X_DIRECT_MESSAGE_RULES, X_USER_ID_PATTERN } from "./rules.ts";

export interface XReceiverOptions {
  /** The app's consumer secret: it keys both the CRC answer and the event signatures. */
  readonly consumerSecret: string;
}

/**
 * Takes X's Account Activity webhooks: the CRC handshake (GET) and signed events (POST). X
 * sends no delivery receipts for DMs (only read events without message ids), so there is no
 * status parser.
 */
export class XDirectMessageReceiver implements InboundChannel {
  readonly kind = "x";
  readonly provider = "x";
  readonly rules = X_DIRECT_MESSAGE_RULES;
  readonly #consumerSecret: string;

  constructor(options: XReceiverOptions) {
    this.#consumerSecret = options.consumerSecret;
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    if (request.method === "GET") return answerXCrc(this.#consumerSecret, request);
    verifyXSignature(this.#consumerSecret, request);
    return { kind: "events", messages: parseXEvents(request.rawBody), statuses: [] };
  }
}

const SIGNATURE_HEADER = "x-twitter-webhooks-signature";

function hmacBase64(consumerSecret: string, data: string): string {
  return createHmac("sha256", consumerSecret).update(data, "utf8").digest("base64");
}

/**
 * The CRC GET (protocols.md §7.1): `response_token` is `sha256=` + base64 HMAC-SHA256 of the
 * crc_token, keyed by the consumer secret. Anyone may ask; the answer proves we hold the key.
 */
export function answerXCrc(consumerSecret: string, request: InboundRequest): InboundParseResult {
  const crcToken = request.query.crc_token;
  if (!crcToken || crcToken.length > 1_024) {
    throw new InvalidInputError("crc_token is missing");
  }
  const body = JSON.stringify({ response_token: `sha256=${hmacBase64(consumerSecret, crcToken)}` });
  return { kind: "challenge", body, contentType: "application/json" };
}

/** x-twitter-webhooks-signature: `sha256=` + base64 HMAC-SHA256 of the raw body. */
export function verifyXSignature(consumerSecret: string, request: InboundRequest): void {
  const header = request.headers[SIGNATURE_HEADER];
  if (!header) {
    throw new SignatureInvalidError("x-twitter-webhooks-signature is missing", {
      details: { reason: "MISSING_SIGNATURE" },
    });
  }
  const expected = `sha256=${hmacBase64(consumerSecret, request.rawBody)}`;
  const a = Buffer.from(header);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new SignatureInvalidError("x-twitter-webhooks-signature does not match");
  }
}

const MessageCreateSchema = z.looseObject({
  type: z.literal("message_create"),
  id: z.string().min(1).max(64),
  created_timestamp: z.string().regex(/^\d{1,15}$/),
  message_create: z.looseObject({
    sender_id: z.string().regex(X_USER_ID_PATTERN),
    message_data: z.looseObject({
      text: z.string().max(20_000).default(""),
      attachment: z
        .looseObject({
          media: z.looseObject({ media_url_https: z.string().max(4_096).optional() }).optional(),
        })
        .optional(),
    }),
  }),
});

const EventSchema = z.looseObject({
  for_user_id: z.string().regex(X_USER_ID_PATTERN),
  // Other event kinds (typing, read, tweets, follows) come in other arrays and are ignored.
  direct_message_events: z
    .array(z.union([MessageCreateSchema, z.looseObject({ type: z.string() })]))
    .max(1_000)
    .optional(),
  users: z.record(z.string(), z.looseObject({ name: z.string().optional() })).optional(),
});

/** The DMs a customer sent us, with our own sends (sender = the subscribed user) dropped. */
export function parseXEvents(rawBody: string): InboundMessage[] {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch (cause) {
    throw new InvalidInputError("the body is not JSON", { cause });
  }
  const parsed = EventSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidInputError("not an Account Activity event", {
      details: { issues: parsed.error.issues },
    });
  }
  const { for_user_id: ourId, direct_message_events: events = [], users = {} } = parsed.data;
  const messages: InboundMessage[] = [];
  for (const candidate of events) {
    const event = MessageCreateSchema.safeParse(candidate);
    if (!event.success) continue;
    const { sender_id: senderId, message_data: data } = event.data.message_create;
    if (senderId === ourId) continue;
    const mediaUrl = data.attachment?.media?.media_url_https;
    const media: InboundMedia[] = mediaUrl ? [{ url: mediaUrl }] : [];
    const profileName = users[senderId]?.name;
    messages.push({
      channel: "x",
      provider: "x",
      providerMessageId: event.data.id,
      from: { channel: "x", handle: senderId },
      text: data.text,
      media,
      receivedAt: new Date(Number(event.data.created_timestamp)),
      ...(profileName ? { profileName } : {}),
    });
  }
  return messages;
}
