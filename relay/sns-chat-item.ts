import { z } from "zod";
import { InvalidInputError } from "../core/errors.ts";
import { describeIssues } from "../core/policy/queue-policy.ts";
import type { ChatItem } from "../core/relay/chat-item.ts";

const ROLES = ["AGENT", "CUSTOMER", "SYSTEM", "CUSTOM_BOT", "SUPERVISOR"] as const;
const text = z.string().min(1);

/** SNS MessageAttributes: `{<name>: {Type: "String", Value}}` (protocols.md §3.4). */
export const snsAttributesSchema = z
  .record(z.string(), z.object({ Type: z.string(), Value: z.string() }))
  .default({});

/**
 * The chat item in an SNS `Message` (protocols.md §3.4): the transcript's item shape.
 * Connect adds keys over time, so unknown keys are ignored.
 */
const messageSchema = z.object({
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

const attributeValues = z.object({
  MessageVisibility: z.enum(["AGENT", "CUSTOMER", "ALL"]).optional(),
  ParticipantRole: z.enum(ROLES).optional(),
});

/**
 * Turns one SNS notification (its Message string and MessageAttributes) into a chat item.
 * Throws InvalidInputError naming what is wrong. Without MessageVisibility the item counts
 * as visible to all, which is what Connect sends for ordinary chat traffic.
 */
export function parseSnsChatItem(input: { message: string; attributes: unknown }): ChatItem {
  let json: unknown;
  try {
    json = JSON.parse(input.message);
  } catch (cause) {
    throw new InvalidInputError("the SNS Message is not JSON", { cause });
  }
  const item = messageSchema.safeParse(json);
  const attributes = snsAttributesSchema.safeParse(input.attributes);
  if (!item.success) throw invalid("chat item", item.error);
  if (!attributes.success) throw invalid("MessageAttributes", attributes.error);
  const values = attributeValues.safeParse(
    Object.fromEntries(Object.entries(attributes.data).map(([name, a]) => [name, a.Value])),
  );
  if (!values.success) throw invalid("MessageAttributes", values.error);
  const m = item.data;
  const role = m.ParticipantRole ?? values.data.ParticipantRole;
  return {
    id: m.Id,
    type: m.Type,
    contentType: m.ContentType,
    contactId: m.ContactId,
    visibility: values.data.MessageVisibility ?? "ALL",
    ...(m.Content ? { content: m.Content } : {}),
    ...(role ? { participantRole: role } : {}),
    ...(m.DisplayName ? { displayName: m.DisplayName } : {}),
    ...(m.InitialContactId ? { initialContactId: m.InitialContactId } : {}),
    ...(m.AbsoluteTime ? { absoluteTime: m.AbsoluteTime } : {}),
  };
}

function invalid(what: string, error: z.ZodError): InvalidInputError {
  return new InvalidInputError(`invalid ${what}: ${describeIssues(error)}`, {
    details: { issues: error.issues.map((issue) => issue.message) },
  });
}
