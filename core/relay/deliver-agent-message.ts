import { type DeliveryMode, deliveryMode } from "../channel-rules.ts";
import { ChannelRejectedError } from "../errors.ts";
import type { OutboundChannel, OutboundMessage } from "../ports/messenger-channel.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import { agentMessage } from "./agent-message.ts";
import { type ChatItem, TEXT_CONTENT_TYPES } from "./chat-item.ts";
import { relayOnce } from "./claim-item.ts";
import { deliverAttachments } from "./deliver-attachment.ts";
import { lastInboundAt } from "./last-inbound.ts";
import type { RelayDeps } from "./relay-deps.ts";
import type { RelayOutcome } from "./relay-outcome.ts";
import { tellAgentNotDelivered } from "./tell-agent.ts";

/**
 * Sends an agent's (or the system's) message or files to the customer once. The item is
 * claimed first; a send that fails for a passing reason releases the claim and throws, so the
 * redelivery sends it. A refusal is final: the agent is told why.
 */
export async function deliverAgentMessage(
  deps: RelayDeps,
  options: { item: ChatItem; session: DeflectionSession },
): Promise<RelayOutcome> {
  let outcome: RelayOutcome = { action: "duplicate" };
  const done = await relayOnce(deps, {
    itemId: options.item.id,
    work: async () => {
      outcome = await attemptDelivery(deps, options);
      return outcome.action === "delivered"
        ? { sent: "true", mode: outcome.mode, providerMessageId: outcome.providerMessageId }
        : { sent: "false", reason: outcome.action === "not-delivered" ? outcome.reason : "" };
    },
  });
  return done === "duplicate" ? { action: "duplicate" } : outcome;
}

async function attemptDelivery(
  deps: RelayDeps,
  options: { item: ChatItem; session: DeflectionSession },
): Promise<RelayOutcome> {
  const { item, session } = options;
  const adapter = deps.channels.get(session.channel);
  if (!adapter) return notDelivered(deps, item, session, "NO_CHANNEL");
  if (session.status === "opted-out") return notDelivered(deps, item, session, "OPTED_OUT");
  if (item.type === "ATTACHMENT") return deliverAttachments(deps, { item, session, adapter });
  if (item.type !== "MESSAGE" || !TEXT_CONTENT_TYPES.has(item.contentType) || !item.content) {
    return notDelivered(deps, item, session, "UNSUPPORTED_CONTENT");
  }
  const mode = deliveryMode({
    rules: adapter.rules,
    lastInboundAt: lastInboundAt(session),
    now: deps.clock.now(),
  });
  const plan = agentMessage({
    mode,
    to: session.address,
    rules: adapter.rules,
    text: item.content,
    reference: item.id,
    brandName: deps.settings.brandName,
    templateId: deps.settings.agentReplyTemplates[session.channel],
  });
  if (!plan.send) return notDelivered(deps, item, session, plan.reason);
  try {
    const sent = await sendWithWindowFallback(deps, {
      adapter,
      message: plan.message,
      mode,
      text: item.content,
    });
    return { action: "delivered", mode: sent.mode, providerMessageId: sent.providerMessageId };
  } catch (error) {
    if (!(error instanceof ChannelRejectedError)) throw error;
    return notDelivered(deps, item, session, String(error.details.reason ?? "REJECTED"));
  }
}

/**
 * Our idea of the window can be stale (the session keeps only the first reply), so free text
 * refused for the window is tried once more as the reply template, where there is one.
 */
async function sendWithWindowFallback(
  deps: RelayDeps,
  options: {
    adapter: OutboundChannel;
    message: OutboundMessage;
    mode: DeliveryMode;
    text: string;
  },
): Promise<{ mode: DeliveryMode; providerMessageId: string }> {
  const { adapter, message, text } = options;
  try {
    const result = await adapter.send(message);
    return { mode: options.mode, providerMessageId: result.providerMessageId };
  } catch (error) {
    const templateId = deps.settings.agentReplyTemplates[adapter.kind];
    const windowClosed =
      error instanceof ChannelRejectedError && error.details.reason === "OUTSIDE_SERVICE_WINDOW";
    if (!windowClosed || message.kind !== "text" || !templateId) throw error;
    const plan = agentMessage({
      mode: "template",
      to: message.to,
      rules: adapter.rules,
      text,
      reference: message.reference,
      brandName: deps.settings.brandName,
      templateId,
    });
    if (!plan.send) throw error;
    const result = await adapter.send(plan.message);
    return { mode: "template", providerMessageId: result.providerMessageId };
  }
}

function notDelivered(
  deps: RelayDeps,
  item: ChatItem,
  session: DeflectionSession,
  reason: string,
): Promise<RelayOutcome> {
  return tellAgentNotDelivered(deps, {
    chatContactId: item.contactId,
    noticeKey: item.id,
    reason,
    subject: { channel: session.channel, contentType: item.contentType },
  });
}
