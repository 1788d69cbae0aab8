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

const s = z.object({ S: z.string() });

/** One attachment as the webhook stored it (InboundMessage.media). */
const mediaReferenceSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).max(4_096),
  contentType: z.string().min(1).max(255).optional(),
});

/** The same attachment in a stream image: `{M: {url: {S}, contentType: {S}}}`. */
const mediaImageSchema = z
  .object({ M: z.object({ url: s, contentType: s.optional() }) })
  .transform(({ M }) => ({
    url: M.url.S,
    ...(M.contentType ? { contentType: M.contentType.S } : {}),
  }));

/**
 * The same item in a DynamoDB stream record's NewImage (typed attribute values). Only the
 * fields resume reads are decoded; the table's stream carries every item type, so anything
 * that is not an INBOX# insert is skipped before this is applied.
 */
export const inboxImageSchema = z
  .object({
    pk: s,
    sk: s,
    channel: s,
    provider: s,
    providerMessageId: s,
    handle: s,
    text: s,
    media: z.object({ L: z.array(z.unknown()) }).optional(),
    profileName: s.optional(),
  })
  .transform((image) => ({
    pk: image.pk.S,
    sk: image.sk.S,
    channel: image.channel.S,
    provider: image.provider.S,
    providerMessageId: image.providerMessageId.S,
    handle: image.handle.S,
    text: image.text.S,
    // Entries that are not attachments stay as they are: they still count as media.
    media: (image.media?.L ?? []).map((value) => {
      const decoded = mediaImageSchema.safeParse(value);
      return decoded.success ? decoded.data : value;
    }),
    ...(image.profileName ? { profileName: image.profileName.S } : {}),
  }));

/** An INBOX# item from a stream record's NewImage, checked like a directly passed one. */
export function parseInboxImage(image: unknown) {
  const decoded = inboxImageSchema.safeParse(image);
  return decoded.success ? inboxItemSchema.safeParse(decoded.data) : decoded;
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
