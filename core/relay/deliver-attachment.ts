import { deliveryMode } from "../channel-rules.ts";
import { ChannelRejectedError, InvalidInputError } from "../errors.ts";
import type { AttachmentLink, ChatAttachment } from "../ports/chat-service.ts";
import type { OutboundChannel } from "../ports/messenger-channel.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import { mediaMessage, planAttachment } from "./attachment-plan.ts";
import type { ChatItem } from "./chat-item.ts";
import { relayOnce } from "./claim-item.ts";
import { customerConnectionToken } from "./customer-connection.ts";
import { lastInboundAt } from "./last-inbound.ts";
import type { RelayDeps } from "./relay-deps.ts";
import type { RelayOutcome } from "./relay-outcome.ts";
import { tellAgentNotDelivered } from "./tell-agent.ts";

interface FileDelivery {
  readonly item: ChatItem;
  readonly session: DeflectionSession;
  readonly adapter: OutboundChannel;
}

/**
 * Sends each file of an agent's ATTACHMENT item to the customer as media the platform fetches
 * from the chat's short-lived link, or tells the agent why a file cannot go. Each file is
 * claimed on its own inside the item's claim, so a retry after a passing failure sends only
 * the files that have not gone. Answers the last refusal, else the last delivery.
 */
export async function deliverAttachments(
  deps: RelayDeps,
  options: FileDelivery,
): Promise<RelayOutcome> {
  const { item, session } = options;
  const files = item.attachments ?? [];
  if (files.length === 0) {
    return tellAgentNotDelivered(deps, {
      chatContactId: item.contactId,
      noticeKey: item.id,
      reason: "FILE_UNAVAILABLE",
      subject: { channel: session.channel },
    });
  }
  const outcomes: RelayOutcome[] = [];
  for (const attachment of files) {
    outcomes.push(await deliverOnce(deps, { ...options, attachment }));
  }
  return (
    outcomes.findLast((outcome) => outcome.action === "not-delivered") ??
    outcomes.findLast((outcome) => outcome.action === "delivered") ?? { action: "duplicate" }
  );
}

async function deliverOnce(
  deps: RelayDeps,
  options: FileDelivery & { attachment: ChatAttachment },
): Promise<RelayOutcome> {
  let outcome: RelayOutcome = { action: "duplicate" };
  await relayOnce(deps, {
    itemId: fileKey(options.item, options.attachment),
    work: async () => {
      outcome = await deliverFile(deps, options);
      return outcome.action === "delivered"
        ? { sent: "true", providerMessageId: outcome.providerMessageId }
        : { sent: "false", reason: outcome.action === "not-delivered" ? outcome.reason : "" };
    },
  });
  return outcome;
}

async function deliverFile(
  deps: RelayDeps,
  options: FileDelivery & { attachment: ChatAttachment },
): Promise<RelayOutcome> {
  const { item, session, adapter, attachment } = options;
  const mode = deliveryMode({
    rules: adapter.rules,
    lastInboundAt: lastInboundAt(session),
    now: deps.clock.now(),
  });
  const refuse = (reason: string, extra: { sizeInBytes?: number; maxBytes?: number } = {}) =>
    tellAgentNotDelivered(deps, {
      chatContactId: item.contactId,
      noticeKey: fileKey(item, attachment),
      reason,
      subject: { channel: session.channel, contentType: attachment.contentType, ...extra },
    });
  const before = planAttachment({ rules: adapter.rules, mode, attachment });
  if (!before.send) return refuse(before.reason);
  const link = await attachmentLink(deps, { item, attachment });
  if (!link) return refuse("FILE_UNAVAILABLE");
  const plan = planAttachment({
    rules: adapter.rules,
    mode,
    attachment,
    sizeInBytes: link.sizeInBytes,
  });
  if (!plan.send) {
    return refuse(plan.reason, {
      sizeInBytes: link.sizeInBytes,
      ...(plan.maxBytes === undefined ? {} : { maxBytes: plan.maxBytes }),
    });
  }
  const message = mediaMessage({
    to: session.address,
    attachment,
    link,
    reference: fileKey(item, attachment),
    humanAgent: plan.humanAgent,
  });
  try {
    const sent = await adapter.send(message);
    return { action: "delivered", mode, providerMessageId: sent.providerMessageId };
  } catch (error) {
    if (!(error instanceof ChannelRejectedError)) throw error;
    const reason = String(error.details.reason ?? "MEDIA_REJECTED");
    return refuse(reason === "OUTSIDE_SERVICE_WINDOW" ? "FILE_OUTSIDE_SERVICE_WINDOW" : reason);
  }
}

/** The file's download link, read as the chat's customer; undefined when the chat has lost it. */
async function attachmentLink(
  deps: RelayDeps,
  options: { item: ChatItem; attachment: ChatAttachment },
): Promise<AttachmentLink | undefined> {
  const { item, attachment } = options;
  const connectionToken = await customerConnectionToken(deps, {
    chatContactId: item.contactId,
    ...(item.initialContactId ? { initialContactId: item.initialContactId } : {}),
  });
  try {
    return await deps.chats.getAttachmentLink({
      connectionToken,
      attachmentId: attachment.attachmentId,
    });
  } catch (error) {
    if (error instanceof InvalidInputError) return undefined;
    throw error;
  }
}

/** One file of an item: its claim, its notice and the platform's reference. */
function fileKey(item: ChatItem, attachment: ChatAttachment): string {
  return `${item.id}#${attachment.attachmentId}`;
}
