import * as z from "zod";
import type { ChatItem } from "../core/relay/chat-item.ts";
import { invalidInput, PARTICIPANT_ROLES, parseTranscriptItem } from "./transcript-item.ts";

/** SNS MessageAttributes: `{<name>: {Type: "String", Value}}` (protocols.md §3.4). */
export const snsAttributesSchema = z
  .record(z.string(), z.object({ Type: z.string(), Value: z.string() }))
  .default({});

const attributeValues = z.object({
  MessageVisibility: z.enum(["AGENT", "CUSTOMER", "ALL"]).optional(),
  ParticipantRole: z.enum(PARTICIPANT_ROLES).optional(),
});

/**
 * Turns one SNS notification (its Message string and MessageAttributes) into a chat item.
 * Throws InvalidInputError naming what is wrong. Without MessageVisibility the item counts
 * as visible to all, which is what Connect sends for ordinary chat traffic.
 */
export function parseSnsChatItem(input: { message: string; attributes: unknown }): ChatItem {
  const attributes = snsAttributesSchema.safeParse(input.attributes);
  if (!attributes.success) throw invalidInput("MessageAttributes", attributes.error);
  const values = attributeValues.safeParse(
    Object.fromEntries(Object.entries(attributes.data).map(([name, a]) => [name, a.Value])),
  );
  if (!values.success) throw invalidInput("MessageAttributes", values.error);
  return parseTranscriptItem(input.message, {
    what: "SNS Message",
    visibility: values.data.MessageVisibility ?? "ALL",
    ...(values.data.ParticipantRole ? { role: values.data.ParticipantRole } : {}),
  });
}
