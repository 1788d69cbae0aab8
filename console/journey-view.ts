import type { TwilioMessage } from "../emulators/twilio/index.ts";
import type { LocalWorld } from "../sandbox/local-world.ts";
import type { CallView, PhoneAttachment, PhoneMessage, PhoneThread } from "./console-view.ts";

/** The page shows the newest calls and chats; older ones stay in the emulators' own routes. */
export const SHOWN_CONTACTS = 12;

/** The newest voice calls: what each caller heard and said, the flows' paths, deflect's answers. */
export function callsView(world: LocalWorld): CallView[] {
  const control = world.connect.control;
  const queues = world.connect.instance.instance.queues;
  return control
    .contacts()
    .filter((contact) => contact.channel === "VOICE")
    .sort((a, b) => b.initiationTimestamp - a.initiationTimestamp)
    .slice(0, SHOWN_CONTACTS)
    .map((contact) => {
      const trace = control.flowTrace(contact.id);
      return {
        contactId: contact.id,
        customerNumber: contact.customerEndpoint?.Address ?? "",
        queue: (contact.queueId && queues.get(contact.queueId)?.name) || "(in the IVR)",
        state: contact.state,
        startedAt: contact.initiationTimestamp,
        ...(contact.disconnectReason ? { disconnectReason: contact.disconnectReason } : {}),
        heard: trace.heard.map((prompt) => ({
          text: spoken(prompt.content),
          result: prompt.result,
        })),
        said: trace.said,
        runs: trace.runs.map((run) => ({
          flow: run.flowName,
          status: run.status,
          ...(run.end ? { end: run.end.kind } : {}),
          steps: run.steps.map((step) =>
            step.outcome === "next" ? step.actionId : `${step.actionId} (${step.outcome})`,
          ),
        })),
        deflect: world.calls
          .filter((call) => call.contactId === contact.id)
          .map(({ action, answer, elapsedMs }) => ({ action, answer, elapsedMs })),
      };
    });
}

/** Prompts are SSML; the caller hears the words. */
function spoken(content: string): string {
  return content
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Every customer's thread at the Twilio emulator, newest activity first: what the business
 * sent (its messages and their statuses) and what the customer sent (the signed webhooks the
 * emulator delivered, with the webhook function's answer). `mediaHref` makes a media URL
 * viewable from the page.
 */
export function phonesView(
  world: LocalWorld,
  mediaHref: (url: string) => string | undefined,
): PhoneThread[] {
  const threads = new Map<string, PhoneMessage[]>();
  const add = (customer: string, message: PhoneMessage) =>
    threads.set(customer, [...(threads.get(customer) ?? []), message]);
  for (const message of world.twilio.sent()) add(message.to, outbound(message, mediaHref));
  for (const delivery of world.twilio.webhooks.list({ kind: "message" })) {
    const params = new URLSearchParams(delivery.body);
    const attachments: PhoneAttachment[] = [];
    for (let n = 0; n < Number(params.get("NumMedia") ?? 0); n++) {
      const href = mediaHref(params.get(`MediaUrl${n}`) ?? "");
      const contentType = params.get(`MediaContentType${n}`) ?? "";
      attachments.push({ contentType, ...(href ? { href } : {}) });
    }
    const accepted = delivery.status !== undefined && delivery.status < 300;
    add(params.get("From") ?? "", {
      id: params.get("MessageSid") ?? String(delivery.id),
      direction: "in",
      at: delivery.at,
      text: params.get("Body") ?? "",
      template: false,
      status: delivery.status ? `webhook answered ${delivery.status}` : "webhook failed",
      ...(accepted ? {} : { error: delivery.error ?? delivery.responseBody ?? "" }),
      attachments,
    });
  }
  return [...threads]
    .map(([customer, messages]) => ({
      customer,
      channel: customer.startsWith("whatsapp:") ? ("whatsapp" as const) : ("sms" as const),
      messages: messages.sort((a, b) => a.at - b.at),
    }))
    .sort((a, b) => (b.messages.at(-1)?.at ?? 0) - (a.messages.at(-1)?.at ?? 0));
}

function outbound(
  message: TwilioMessage,
  mediaHref: (url: string) => string | undefined,
): PhoneMessage {
  return {
    id: message.sid,
    direction: "out",
    at: message.dateCreated,
    text: message.body,
    template: message.contentSid !== null,
    status: message.status,
    ...(message.errorCode !== null
      ? { error: `${message.errorCode} ${message.errorMessage ?? ""}`.trim() }
      : {}),
    attachments: message.mediaUrls.map((url) => {
      const href = mediaHref(url);
      return { contentType: "file", ...(href ? { href } : {}) };
    }),
  };
}
