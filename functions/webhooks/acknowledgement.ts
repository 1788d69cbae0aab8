import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { ChannelKind } from "../../core/channel.ts";
import type { WebhookOutcome } from "../../core/inbound/process-webhook.ts";

const TWIML_CHANNELS: ReadonlySet<ChannelKind> = new Set(["sms", "whatsapp"]);

// Text content only: quotes need no escaping outside attributes.
function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * TwiML as twilio's MessagingResponse writes it (protocols.md §5.1); an empty `<Response/>`
 * means "no reply". Written out because the twilio package's TwiML builder would bring the
 * whole SDK into the webhook bundle; the tests compare it with MessagingResponse.
 */
export function twiml(replies: readonly string[]): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  if (replies.length === 0) return `${head}<Response/>`;
  const messages = replies.map((text) => `<Message>${escapeXml(text)}</Message>`).join("");
  return `${head}<Response>${messages}</Response>`;
}

/** The 200 each platform expects: TwiML for Twilio, the challenge for handshakes, else empty. */
export function acknowledgement(
  channel: ChannelKind,
  outcome: WebhookOutcome,
): APIGatewayProxyStructuredResultV2 {
  if (outcome.kind === "challenge") {
    return {
      statusCode: 200,
      headers: { "content-type": outcome.contentType },
      body: outcome.body,
    };
  }
  if (TWIML_CHANNELS.has(channel)) {
    return {
      statusCode: 200,
      headers: { "content-type": "text/xml" },
      body: twiml(outcome.replies),
    };
  }
  // Meta's samples answer "EVENT_RECEIVED"; the others only look at the status.
  const body = channel === "messenger" ? "EVENT_RECEIVED" : "";
  return { statusCode: 200, headers: { "content-type": "text/plain" }, body };
}
