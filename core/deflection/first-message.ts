import type { CustomerAddress } from "../channel.ts";
import type { ChannelRules } from "../channel-rules.ts";
import type { OutboundMessage } from "../ports/messenger-channel.ts";
import { waitMinutes } from "./offer-wording.ts";

/** The operator's wording of the first message, per deployment. */
export interface FirstMessageContent {
  readonly brandName: string;
  /** The approved template for channels that need one (WhatsApp), with its variable names. */
  readonly templateId?: string;
}

/**
 * The one outbound message a caller gets after accepting. Channels that demand a template for
 * business-initiated messages get the template (variables: 1 = brand, 2 = wait minutes);
 * the rest get text, with the opt-out notice where the channel requires one.
 */
export function firstMessage(options: {
  to: CustomerAddress;
  rules: ChannelRules;
  content: FirstMessageContent;
  waitSeconds: number;
  reference: string;
}): OutboundMessage | undefined {
  const { to, rules, content, reference } = options;
  const minutes = String(waitMinutes(options.waitSeconds));
  if (rules.templateForFirstMessage) {
    if (!content.templateId) return undefined;
    return {
      kind: "template",
      to,
      templateId: content.templateId,
      variables: { "1": content.brandName, "2": minutes },
      reference,
    };
  }
  const notice = rules.optOutNoticeRequired ? " Reply STOP to opt out." : "";
  const text = `${content.brandName}: thanks for calling. Reply here any time and an agent will pick up where the call left off, with what you told us.${notice}`;
  return { kind: "text", to, text: text.slice(0, rules.maxTextLength), reference };
}
