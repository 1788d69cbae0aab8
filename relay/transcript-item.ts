import * as z from "zod";
import { InvalidInputError } from "../core/errors.ts";
import { describeIssues } from "../core/policy/queue-policy.ts";
import type { ChatItem, MessageVisibility, ParticipantRole } from "../core/relay/chat-item.ts";

export const PARTICIPANT_ROLES = [
  "AGENT",
  "CUSTOMER",
  "SYSTEM",
  "CUSTOM_BOT",
  "SUPERVISOR",
] as const;
const text = z.string().min(1);

/** One file of an ATTACHMENT item (protocols.md §4, Item.Attachments). */
const attachmentSchema = z.object({
  AttachmentId: text,
  AttachmentName: z.string().nullish(),
  ContentType: text,
  Status: z.enum(["APPROVED", "REJECTED", "IN_PROGRESS"]).nullish(),
});

/**
 * A chat item as Connect sends it, in an SNS Message or a websocket frame: the transcript's
 * Item shape (protocols.md §4). Connect adds keys over time, so unknown keys are ignored.
 */
const transcriptItemSchema = z.object({
  Id: text,
  Type: text,
  ContentType: text,
  Content: z.string().nullish(),
  ParticipantRole: z.enum(PARTICIPANT_ROLES).nullish(),
  DisplayName: z.string().nullish(),
  ContactId: text,
  InitialContactId: z.string().nullish(),
  AbsoluteTime: z.string().nullish(),
  Attachments: z.array(attachmentSchema).nullish(),
});

/**
 * Parses the JSON text of one item into a chat item. `role` stands in when the item names no
 * participant (the SNS message attributes carry it). Throws InvalidInputError naming the fault.
 */
export function parseTranscriptItem(
  json: string,
  options: { what: string; visibility: MessageVisibility; role?: ParticipantRole },
): ChatItem {
  const parsed = transcriptItemSchema.safeParse(parseJson(json, options.what));
  if (!parsed.success) throw invalidInput("chat item", parsed.error);
  const m = parsed.data;
  const role = m.ParticipantRole ?? options.role;
  return {
    id: m.Id,
    type: m.Type,
    contentType: m.ContentType,
    contactId: m.ContactId,
    visibility: options.visibility,
    ...(m.Content ? { content: m.Content } : {}),
    ...(role ? { participantRole: role } : {}),
    ...(m.DisplayName ? { displayName: m.DisplayName } : {}),
    ...(m.InitialContactId ? { initialContactId: m.InitialContactId } : {}),
    ...(m.AbsoluteTime ? { absoluteTime: m.AbsoluteTime } : {}),
    ...(m.Attachments?.length
      ? {
          attachments: m.Attachments.map((a) => ({
            attachmentId: a.AttachmentId,
            fileName: a.AttachmentName || a.AttachmentId,
            contentType: a.ContentType,
            // Without a Status the instance does not scan attachments: the file is usable.
            status: a.Status ?? "APPROVED",
          })),
        }
      : {}),
  };
}

export function parseJson(json: string, what: string): unknown {
  try {
    return JSON.parse(json);
  } catch (cause) {
    throw new InvalidInputError(`the ${what} is not JSON`, { cause });
  }
}

export function invalidInput(what: string, error: z.ZodError): InvalidInputError {
  return new InvalidInputError(`invalid ${what}: ${describeIssues(error)}`, {
    details: { issues: error.issues.map((issue) => issue.message) },
  });
}
