import type { TwilioEmulator, TwilioMessage } from "../../emulators/twilio/index.ts";
import type { PhoneAttachment, PhoneMessage } from "../console-view.ts";
import { inbound, type MediaLinks, type PhonePlatform, ThreadBook } from "./phone-platform.ts";

/**
 * WhatsApp and SMS through Twilio: what the business sent (its messages, templates and
 * Twilio's status steps, from `/__emulator/sent`) and what the customer sent (the signed
 * webhooks the emulator delivered, with the webhook function's answer).
 */
export function twilioPhone(options: {
  twilio: TwilioEmulator;
  /** The webhook function's base URL: the number's webhook differs by channel. */
  webhooksUrl: string;
  businessNumber: string;
}): PhonePlatform {
  const { twilio, webhooksUrl, businessNumber } = options;
  return {
    channels: ["whatsapp", "sms"],
    threads(links) {
      const book = new ThreadBook();
      for (const message of twilio.sent()) book.add(address(message.to), outbound(message, links));
      for (const delivery of twilio.webhooks.list({ kind: "message" })) {
        const params = new URLSearchParams(delivery.body);
        const attachments: PhoneAttachment[] = [];
        for (let n = 0; n < Number(params.get("NumMedia") ?? 0); n++) {
          const href = links(params.get(`MediaUrl${n}`) ?? "");
          const contentType = params.get(`MediaContentType${n}`) ?? "";
          attachments.push({ contentType, ...(href ? { href } : {}) });
        }
        const id = params.get("MessageSid") ?? String(delivery.id);
        const message = { id, text: params.get("Body") ?? "", attachments };
        book.add(address(params.get("From") ?? ""), inbound(delivery, message));
      }
      return book.threads();
    },
    async send({ channel, handle, text, file }) {
      const whatsApp = channel === "whatsapp";
      const on = (number: string) => (whatsApp ? `whatsapp:${number}` : number);
      // The number's webhook URL differs by channel; put it back to WhatsApp's after.
      twilio.setWebhookUrl(`${webhooksUrl}/${channel}`);
      try {
        const result = await twilio.customerSends({
          from: on(handle),
          to: on(businessNumber),
          text,
          media: file ? [{ contentType: file.contentType, content: file.base64 }] : [],
        });
        return { webhookStatus: result.delivery.status ?? null };
      } finally {
        twilio.setWebhookUrl(`${webhooksUrl}/whatsapp`);
      }
    },
  };
}

/** `whatsapp:+44…` is the WhatsApp thread of +44…; a bare number is SMS. */
function address(twilioAddress: string) {
  return twilioAddress.startsWith("whatsapp:")
    ? { channel: "whatsapp" as const, handle: twilioAddress.slice("whatsapp:".length) }
    : { channel: "sms" as const, handle: twilioAddress };
}

function outbound(message: TwilioMessage, links: MediaLinks): PhoneMessage {
  return {
    id: message.sid,
    direction: "out",
    at: message.dateCreated,
    text: message.body,
    ...(message.contentSid !== null ? { badge: "template" } : {}),
    status: message.status,
    ...(message.errorCode !== null
      ? { error: `${message.errorCode} ${message.errorMessage ?? ""}`.trim() }
      : {}),
    attachments: message.mediaUrls.map((url) => {
      const href = links(url);
      return { contentType: "file", ...(href ? { href } : {}) };
    }),
  };
}
