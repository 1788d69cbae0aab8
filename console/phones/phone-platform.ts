import type { ChannelKind } from "../../core/channel.ts";
import type { RecordedRequest } from "../../emulators/shared-http/request-recorder.ts";
import type { WebhookDelivery } from "../../emulators/shared-http/webhook-sender.ts";
import type { PhoneAttachment, PhoneMessage, PhoneThread } from "../console-view.ts";

/** A file the customer attaches on the phone. */
export interface PhoneFile {
  readonly contentType: string;
  readonly base64: string;
  readonly fileName?: string | undefined;
}

/** What the customer writes on the phone, to the business on `channel`. */
export interface CustomerSend {
  readonly channel: ChannelKind;
  readonly handle: string;
  readonly text: string;
  readonly file?: PhoneFile | undefined;
}

/** Makes a media URL openable from the page, or leaves it unlinked. */
export type MediaLinks = (url: string) => string | undefined;

/**
 * One messenger platform as the customer's phone sees it, through the platform's emulator:
 * every conversation the business had on it, and writing as the customer, which the
 * platform signs and delivers to the webhook function as in production. Every platform has
 * this one shape (twilio-phone.ts, meta-phone.ts, x-phone.ts, telegram-phone.ts, line-phone.ts).
 */
export interface PhonePlatform {
  readonly channels: readonly ChannelKind[];
  /** Why the customer cannot attach a file here; absent where they can. */
  readonly noFiles?: string;
  threads(links: MediaLinks): PhoneThread[];
  /** Answers the webhook function's status for the customer's (last) message. */
  send(input: CustomerSend): Promise<{ webhookStatus: number | null }>;
}

/** Collects a platform's messages by address and sorts each thread oldest first. */
export class ThreadBook {
  readonly #threads = new Map<
    string,
    { channel: ChannelKind; handle: string; messages: PhoneMessage[] }
  >();

  add(address: { channel: ChannelKind; handle: string }, message: PhoneMessage): void {
    const key = `${address.channel}#${address.handle}`;
    const thread = this.#threads.get(key) ?? { ...address, messages: [] };
    thread.messages.push(message);
    this.#threads.set(key, thread);
  }

  threads(): PhoneThread[] {
    return [...this.#threads].map(([key, thread]) => ({
      key,
      channel: thread.channel,
      handle: thread.handle,
      // Equal times keep the order the platform recorded them in (sort is stable).
      messages: thread.messages.sort((a, b) => a.at - b.at),
    }));
  }
}

/** A customer's message as the webhook function answered it. */
export function inbound(
  delivery: WebhookDelivery,
  message: { id: string; text: string; attachments?: readonly PhoneAttachment[] },
): PhoneMessage {
  const accepted = delivery.status !== undefined && delivery.status < 300;
  return {
    id: message.id,
    direction: "in",
    at: delivery.at,
    text: message.text,
    status: delivery.status ? `webhook answered ${delivery.status}` : "webhook failed",
    ...(accepted ? {} : { error: delivery.error ?? delivery.responseBody ?? "" }),
    attachments: message.attachments ?? [],
  };
}

/**
 * When each accepted send of these operations reached the platform, in order: for platforms
 * whose record of a send has no time of its own (LINE) or only whole seconds (Telegram), so a
 * reply sent in the same second as the customer's message still shows after it. The n-th
 * recorded send is the n-th request; one still being answered has no request yet.
 */
export function sendTimes(
  requests: readonly RecordedRequest[],
  operations: readonly string[],
): number[] {
  return requests
    .filter((r) => r.operation && operations.includes(r.operation) && r.status < 300)
    .map((r) => r.at);
}

/** The last webhook status of several messages, or the first that was not a 2xx. */
export function worstStatus(statuses: readonly (number | undefined)[]): number | null {
  const failed = statuses.findIndex((status) => status === undefined || status >= 300);
  return (failed >= 0 ? statuses[failed] : statuses.at(-1)) ?? null;
}

/** The platform's JSON body of a webhook, or undefined if it is not JSON. */
export function jsonBody<T>(delivery: WebhookDelivery): T | undefined {
  try {
    return JSON.parse(delivery.body) as T;
  } catch {
    return undefined;
  }
}
