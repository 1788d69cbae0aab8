import * as z from "zod";
import { InvalidInputError } from "../../core/errors.ts";
import type { ChatItem } from "../../core/relay/chat-item.ts";
import { invalidInput, parseJson, parseTranscriptItem } from "../transcript-item.ts";

// Client frames of the participant websocket (protocols.md §4.1, steps 1 and 3).
export const SUBSCRIBE_FRAME = JSON.stringify({
  topic: "aws/subscribe",
  content: { topics: ["aws/chat"] },
});
export const HEARTBEAT_FRAME = JSON.stringify({ topic: "aws/heartbeat" });

/** A server frame: only the topic decides what it is; unknown keys are ignored. */
const frameSchema = z.object({
  topic: z.string(),
  content: z.unknown().optional(),
});

const subscribeAckSchema = z.object({ status: z.string() });

/** What one server frame means to the client. */
export type ServerFrame =
  | { readonly kind: "subscribed"; readonly ok: boolean; readonly status: string }
  | { readonly kind: "heartbeat" }
  | { readonly kind: "item"; readonly item: ChatItem }
  | { readonly kind: "other"; readonly topic: string };

/** Parses one text frame from the participant websocket; throws InvalidInputError if malformed. */
export function parseServerFrame(data: string): ServerFrame {
  const frame = frameSchema.safeParse(parseJson(data, "websocket frame"));
  if (!frame.success) throw invalidInput("websocket frame", frame.error);
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
  return parseTranscriptItem(content, { what: "aws/chat content", visibility: "ALL" });
}
