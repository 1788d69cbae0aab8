import type { CustomerAddress } from "../channel.ts";
import type { ChannelRules, DeliveryMode } from "../channel-rules.ts";
import type { OutboundMessage } from "../ports/messenger-channel.ts";

/** Why an agent's message cannot go out; the agent is told in these words. */
export type NotDeliveredReason =
  | "OUTSIDE_SERVICE_WINDOW"
  | "NO_TEMPLATE"
  | "NO_CHANNEL"
  | "UNSUPPORTED_CONTENT"
  | "OPTED_OUT"
  | "REJECTED";

export type AgentMessagePlan =
  | { readonly send: true; readonly message: OutboundMessage }
  | { readonly send: false; readonly reason: NotDeliveredReason };

// Template variables have their own limit (WhatsApp: 1,024 characters for the whole body).
const TEMPLATE_TEXT_LIMIT = 900;

/**
 * The message that carries an agent's text to the customer in the mode the channel allows:
 * free text, text tagged HUMAN_AGENT, or the reply template (1 = brand, 2 = the text).
 */
export function agentMessage(options: {
  mode: DeliveryMode;
  to: CustomerAddress;
  rules: ChannelRules;
  text: string;
  reference: string;
  brandName: string;
  templateId: string | undefined;
}): AgentMessagePlan {
  const { mode, to, text, reference } = options;
  if (mode === "free-text" || mode === "human-agent-tag") {
    const humanAgent = mode === "human-agent-tag" ? { humanAgent: true } : {};
    return { send: true, message: { kind: "text", to, text, reference, ...humanAgent } };
  }
  if (mode === "not-allowed") return { send: false, reason: "OUTSIDE_SERVICE_WINDOW" };
  if (!options.templateId) return { send: false, reason: "NO_TEMPLATE" };
  const clipped =
    text.length > TEMPLATE_TEXT_LIMIT ? `${text.slice(0, TEMPLATE_TEXT_LIMIT - 1)}…` : text;
  return {
    send: true,
    message: {
      kind: "template",
      to,
      templateId: options.templateId,
      variables: { "1": options.brandName, "2": clipped },
      reference,
    },
  };
}
