import { SignatureInvalidError } from "../../core/errors.ts";
import type { InboundRequest } from "../../core/ports/messenger-channel.ts";

/**
 * Customers' replies on Connect-native SMS and WhatsApp arrive inside Connect, on the chat
 * contact StartOutboundChatContact created; no platform calls a webhook of ours. A request
 * that claims to come from this channel can only be forged, so it is refused.
 */
export function refuseConnectMessagingWebhook(_request: InboundRequest): never {
  throw new SignatureInvalidError(
    "Connect-native messaging has no webhook; replies arrive in Connect",
    {
      details: { reason: "NO_WEBHOOK" },
    },
  );
}
