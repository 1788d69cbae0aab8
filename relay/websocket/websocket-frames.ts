import { z } from "zod";
import { InvalidInputError } from "../../core/errors.ts";
import { describeIssues } from "../../core/policy/queue-policy.ts";
import type { ChatItem } from "../../core/relay/chat-item.ts";

// Client frames of the participant websocket (protocols.md §4.1, steps 1 and 3).
export const SUBSCRIBE_FRAME = JSON.stringify({
  topic: "aws/subscribe",
  content: { topics: ["aws/chat"] },
});
export const HEARTBEAT_FRAME = JSON.stringify({ topic: "aws/heartbeat" });

const ROLES = ["AGENT", "CUSTOMER", "SYSTEM", "CUSTOM_BOT", "SUPERVISOR"] as const;
const text = z.string().min(1);

/** A server frame: only the topic decides what it is; unknown keys are ignored. */
const frameSchema = z.object({
  topic: z.string(),
  content: z.unknown().optional(),
});

const subscribeAckSchema = z.object({ status: z.string() });

/** The Item inside an `aws/chat` frame's `content` string: the transcript Item shape (§4). */
const itemSchema = z.object({
  Id: text,
  Type: text,
  ContentType: text,
  Content: z.string().nullish(),
  ParticipantRole: z.enum(ROLES).nullish(),
  DisplayName: z.string().nullish(),
  ContactId: text,
  InitialContactId: z.string().nullish(),
  AbsoluteTime: z.string().nullish(),
});

/** What one server frame means to the client. */
export type ServerFrame =
  | { readonly kind: "subscribed"; readonly ok: boolean; readonly status: string }
  | { readonly kind: "heartbeat" }
  | { readonly kind: "item"; readonly item: ChatItem }
  | { readonly kind: "other"; readonly topic: string };

/** Parses one text frame from the participant websocket; throws InvalidInputError if malformed. */
export function parseServerFrame(data: string): ServerFrame {
  const frame = frameSchema.safeParse(parseJson(data, "websocket frame"));
  if (!frame.success) throw invalid("websocket frame", frame.error);
  const { topic, content } = frame.data;
  if (topic === "aws/heartbeat") return { kind: "heartbeat" };
  if (topic === "aws/subscribe") {
    const ack = subscribeAckSchema.safeParse(content);
    const status = ack.success ? ack.data.status : "missing";
    return { kind: "subscribed", ok: status === "success", status };
  }
  if (topic === "aws/chat") {
    if (typeof content !== "string") {
      throw new InvalidInputError("the aws/chat frame's content is not a string");
    }
    return { kind: "item", item: parseWebsocketChatItem(content) };
  }
  return { kind: "other", topic };
}

/**
 * Turns the JSON string of an `aws/chat` frame into a chat item. The customer's socket only
 * carries what the customer may see, so every item counts as visible to all.
 */
export function parseWebsocketChatItem(content: string): ChatItem {
  const parsed = itemSchema.safeParse(parseJson(content, "aws/chat content"));
  if (!parsed.success) throw invalid("chat item", parsed.error);
  const m = parsed.data;
  return {
    id: m.Id,
    type: m.Type,
    contentType: m.ContentType,
    contactId: m.ContactId,
    visibility: "ALL",
    ...(m.Content ? { content: m.Content } : {}),
    ...(m.ParticipantRole ? { participantRole: m.ParticipantRole } : {}),
    ...(m.DisplayName ? { displayName: m.DisplayName } : {}),
    ...(m.InitialContactId ? { initialContactId: m.InitialContactId } : {}),
    ...(m.AbsoluteTime ? { absoluteTime: m.AbsoluteTime } : {}),
  };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError(`the ${what} is not JSON`, { cause });
  }
}

function invalid(what: string, error: z.ZodError): InvalidInputError {
  return new InvalidInputError(`invalid ${what}: ${describeIssues(error)}`, {
    details: { issues: error.issues.map((issue) => issue.message) },
  });
}
