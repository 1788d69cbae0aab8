import type { CustomerAddress } from "../channel.ts";
import {
  type ChannelRules,
  type DeliveryMode,
  type MediaRule,
  mediaRuleFor,
} from "../channel-rules.ts";
import type { AttachmentLink, ChatAttachment } from "../ports/chat-service.ts";
import type { OutboundMedia } from "../ports/messenger-channel.ts";

/** Why an agent's file cannot go to the customer; the agent is told in these words. */
export type FileNotDeliveredReason =
  | "UNSUPPORTED_FILE_TYPE"
  | "FILE_OUTSIDE_SERVICE_WINDOW"
  | "FILE_NOT_APPROVED"
  | "FILE_TOO_LARGE";

export type AttachmentPlan =
  | { readonly send: true; readonly rule: MediaRule; readonly humanAgent: boolean }
  | { readonly send: false; readonly reason: FileNotDeliveredReason; readonly maxBytes?: number };

/**
 * Whether an agent's file can go to the customer now: the chat approved it (a streamed item
 * is a snapshot, so one still being scanned would look the same on every redelivery), the channel takes
 * its type, and free-form content is allowed (outside the service window only a template may
 * go, and a template carries no file). Its size is known only from its link: once given, it
 * must be within the channel's limit for that kind of file.
 */
export function planAttachment(options: {
  rules: ChannelRules;
  mode: DeliveryMode;
  attachment: ChatAttachment;
  sizeInBytes?: number;
}): AttachmentPlan {
  const { rules, mode, attachment, sizeInBytes } = options;
  if (attachment.status !== "APPROVED") return { send: false, reason: "FILE_NOT_APPROVED" };
  const rule = mediaRuleFor(rules, attachment.contentType);
  if (!rule) return { send: false, reason: "UNSUPPORTED_FILE_TYPE" };
  if (mode === "template" || mode === "not-allowed") {
    return { send: false, reason: "FILE_OUTSIDE_SERVICE_WINDOW" };
  }
  if (sizeInBytes !== undefined && sizeInBytes > rule.maxBytes) {
    return { send: false, reason: "FILE_TOO_LARGE", maxBytes: rule.maxBytes };
  }
  return { send: true, rule, humanAgent: mode === "human-agent-tag" };
}

/** The message that has the platform fetch the file from its link. */
export function mediaMessage(options: {
  to: CustomerAddress;
  attachment: ChatAttachment;
  link: AttachmentLink;
  reference: string;
  humanAgent: boolean;
}): OutboundMedia {
  const { to, attachment, link, reference } = options;
  return {
    kind: "media",
    to,
    url: link.url,
    contentType: attachment.contentType,
    fileName: attachment.fileName,
    sizeInBytes: link.sizeInBytes,
    reference,
    ...(options.humanAgent ? { humanAgent: true } : {}),
  };
}
