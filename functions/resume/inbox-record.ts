import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import * as z from "zod";
import { isChannelKind } from "../../core/channel.ts";
import type { InboundMedia } from "../../core/ports/messenger-channel.ts";
import type { CustomerReply } from "../../core/resume/customer-reply.ts";

const channel = z.string().refine(isChannelKind, { message: "unknown channel" });

/** An INBOX# item as the webhook function records it (adapters/dynamodb/dynamo-inbound-inbox.ts). */
export const inboxItemSchema = z.object({
  pk: z.string().startsWith("INBOX#"),
  sk: z.string().min(1),
  channel,
  provider: z.string().min(1),
  providerMessageId: z.string().min(1).max(500),
  handle: z.string().min(1),
  text: z.string(),
  media: z.array(z.unknown()).default([]),
  profileName: z.string().optional(),
});

/** One attachment as the webhook stored it (InboundMessage.media). */
const mediaReferenceSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).max(4_096),
  contentType: z.string().min(1).max(255).optional(),
});

/**
 * An INBOX# item from a stream record's NewImage (typed attribute values), unmarshalled as
 * the SDK does and then checked like a directly passed one. The table's stream carries every
 * item type, so anything that is not an INBOX# insert is skipped before this is applied.
 */
export function parseInboxImage(image: unknown) {
  return inboxItemSchema.safeParse(unmarshalled(image));
}

function unmarshalled(image: unknown): unknown {
  if (image === null || typeof image !== "object") return image;
  try {
    return unmarshall(image as Record<string, AttributeValue>);
  } catch {
    // A value that is no typed attribute: the schema says what is wrong with the item.
    return image;
  }
}

export const streamEventSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string().optional(),
      dynamodb: z
        .object({
          SequenceNumber: z.string().optional(),
          Keys: z.object({ pk: z.object({ S: z.string() }).optional() }).optional(),
          NewImage: z.unknown().optional(),
        })
        .optional(),
    }),
  ),
});

export type InboxItem = z.output<typeof inboxItemSchema>;
export type StreamEvent = z.output<typeof streamEventSchema>;

export function customerReply(item: InboxItem): CustomerReply {
  return {
    provider: item.provider,
    providerMessageId: item.providerMessageId,
    from: { channel: item.channel as CustomerReply["from"]["channel"], handle: item.handle },
    text: item.text,
    mediaCount: item.media.length,
    media: item.media.flatMap(mediaReference),
    ...(item.profileName ? { profileName: item.profileName } : {}),
  };
}

/** An attachment resume can fetch; anything else is only counted. */
function mediaReference(value: unknown): InboundMedia[] {
  const parsed = mediaReferenceSchema.safeParse(value);
  if (!parsed.success) return [];
  const { url, contentType } = parsed.data;
  return [contentType ? { url, contentType } : { url }];
}
