import { type ChannelRules, type MediaRule, mediaRuleFor } from "../../core/channel-rules.ts";
import { ChannelRejectedError } from "../../core/errors.ts";
import type { OutboundMedia } from "../../core/ports/messenger-channel.ts";

/**
 * The channel's rule for a file it is asked to send, or the refusal the relay would have
 * given: a type the channel does not carry, or a file over its limit. Adapters check again
 * because the port may be called by anyone, not only by the relay's plan.
 */
export function requireMediaRule(rules: ChannelRules, message: OutboundMedia): MediaRule {
  const rule = mediaRuleFor(rules, message.contentType);
  if (!rule) {
    throw new ChannelRejectedError(`the channel does not carry ${message.contentType} files`, {
      details: { reason: "UNSUPPORTED_FILE_TYPE" },
    });
  }
  if (message.sizeInBytes > rule.maxBytes) {
    throw new ChannelRejectedError(`the file exceeds ${rule.maxBytes} bytes`, {
      details: { reason: "FILE_TOO_LARGE" },
    });
  }
  return rule;
}
