import { createHmac, timingSafeEqual } from "node:crypto";
import * as z from "zod";
import { InvalidInputError, SignatureInvalidError } from "../../core/errors.ts";
import type {
  InboundChannel,
  InboundMessage,
  InboundParseResult,
  InboundRequest,
} from "../../core/ports/messenger-channel.ts";
import { LINE_RULES, LINE_USER_ID_PATTERN } from "./rules.ts";

export interface LineReceiverOptions {
  readonly channelSecret: string;
}

/**
 * Takes a LINE official account's webhooks. LINE sends no delivery receipts for push
 * messages, so there is no status parser.
 */
export class LineReceiver implements InboundChannel {
  readonly kind = "line";
  readonly provider = "line";
  readonly rules = LINE_RULES;
  readonly #channelSecret: string;

  constructor(options: LineReceiverOptions) {
    this.#channelSecret = options.channelSecret;
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    verifyLineSignature(this.#channelSecret, request);
    return { kind: "events", messages: parseLineEvents(request.rawBody), statuses: [] };
  }
}

/**
 * x-line-signature: base64 HMAC-SHA256 of the raw body, keyed by the channel secret
 * (https://developers.line.biz/en/reference/messaging-api/#signature-validation).
 */
export function verifyLineSignature(channelSecret: string, request: InboundRequest): void {
  const header = request.headers["x-line-signature"];
  if (!header) {
    throw new SignatureInvalidError("x-line-signature is missing", {
      details: { reason: "MISSING_SIGNATURE" },
    });
  }
  const expected = createHmac("sha256", channelSecret).update(request.rawBody, "utf8").digest();
  const given = Buffer.from(header, "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new SignatureInvalidError("x-line-signature does not match");
  }
}

const MessageEventSchema = z.looseObject({
  type: z.literal("message"),
  mode: z.string().optional(),
  timestamp: z.number().int().nonnegative().max(8_640_000_000_000_000),
  source: z.looseObject({ type: z.string(), userId: z.string().optional() }),
  replyToken: z.string().max(256).optional(),
  message: z.looseObject({
    id: z.string().min(1).max(64),
    type: z.string().max(32),
    text: z.string().max(20_000).optional(),
  }),
});

const BodySchema = z.looseObject({
  destination: z.string().max(64),
  // Follow, unfollow, postback and the rest are other event types; they are skipped.
  events: z.array(z.looseObject({ type: z.string().max(64) })).max(1_000),
});

/**
 * The text messages users sent in one-to-one chats. `message.id` is the dedupe key (a
 * redelivery keeps it). The verify button in the console sends `events: []`. Events in
 * `standby` mode belong to another channel's module and are not ours to answer.
 */
export function parseLineEvents(rawBody: string): InboundMessage[] {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch (cause) {
    throw new InvalidInputError("the body is not JSON", { cause });
  }
  const parsed = BodySchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidInputError("not a LINE webhook", { details: { issues: parsed.error.issues } });
  }
  const messages: InboundMessage[] = [];
  for (const candidate of parsed.data.events) {
    if (candidate.type !== "message") continue;
    const event = MessageEventSchema.safeParse(candidate);
    if (!event.success) {
      throw new InvalidInputError("a malformed LINE message event", {
        details: { issues: event.error.issues },
      });
    }
    const { source, message, timestamp, mode } = event.data;
    if (mode === "standby" || source.type !== "user" || message.type !== "text") continue;
    if (!source.userId || !LINE_USER_ID_PATTERN.test(source.userId)) {
      throw new InvalidInputError("the source is not a LINE user id");
    }
    messages.push({
      channel: "line",
      provider: "line",
      providerMessageId: message.id,
      from: { channel: "line", handle: source.userId },
      text: message.text ?? "",
      media: [],
      receivedAt: new Date(timestamp),
    });
  }
  return messages;
}
