import { type Clock, DAY_MS } from "../shared-http/clock.ts";
import type { FetchedMedia } from "./outbound-media.ts";

export type TwilioMessageStatus =
  | "accepted"
  | "queued"
  | "sending"
  | "sent"
  | "delivered"
  | "undelivered"
  | "failed"
  | "read"
  | "received";

/** One message as the emulator keeps it; `toResource` renders the API's JSON. */
export interface TwilioMessage {
  readonly sid: string;
  readonly accountSid: string;
  readonly direction: "outbound-api" | "outbound-reply" | "inbound";
  readonly from: string | null;
  readonly to: string;
  readonly body: string;
  readonly messagingServiceSid: string | null;
  readonly mediaUrls: readonly string[];
  /** The files Twilio fetched from `mediaUrls` for an outbound message, once it has. */
  readonly media: FetchedMedia[];
  readonly contentSid: string | null;
  readonly contentVariables: Readonly<Record<string, string>> | null;
  readonly statusCallback: string | null;
  readonly numSegments: number;
  readonly dateCreated: number;
  status: TwilioMessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  dateSent: number | null;
  dateUpdated: number;
}

/** Delivery outcome forced for the next messages to a number (or to anyone). */
export interface DeliveryFailure {
  readonly to?: string;
  readonly status: "undelivered" | "failed";
  readonly errorCode: number;
  readonly errorMessage?: string;
}

const OPT_OUT = new Set([
  "STOP",
  "STOPALL",
  "UNSUBSCRIBE",
  "CANCEL",
  "END",
  "QUIT",
  "REVOKE",
  "OPTOUT",
]);
const OPT_IN = new Set(["START", "YES", "UNSTOP"]);
const HELP = new Set(["HELP", "INFO"]);

/** Twilio's default English keywords on long codes (protocols.md §5.6). */
export function optOutKeyword(body: string): "STOP" | "START" | "HELP" | undefined {
  const word = body.trim().toUpperCase();
  if (OPT_OUT.has(word)) return "STOP";
  if (OPT_IN.has(word)) return "START";
  if (HELP.has(word)) return "HELP";
  return undefined;
}

export function isWhatsApp(address: string): boolean {
  return address.startsWith("whatsapp:");
}

/** Messages, WhatsApp customer-service windows and SMS opt-outs of one account. */
export class TwilioMessageStore {
  readonly messages = new Map<string, TwilioMessage>();
  readonly #lastInbound = new Map<string, number>();
  readonly #optedOut = new Set<string>();
  readonly #failures: DeliveryFailure[] = [];
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** An inbound message opens (or restarts) the 24-hour window for that pair. */
  recordInbound(customer: string, business: string): void {
    this.#lastInbound.set(pairKey(customer, business), this.#clock.now());
  }

  /** Free-form WhatsApp is allowed within 24 h of the customer's last message (§5.5). */
  insideWindow(customer: string, business: string): boolean {
    const last = this.#lastInbound.get(pairKey(customer, business));
    return last !== undefined && this.#clock.now() - last < DAY_MS;
  }

  setOptOut(customer: string, business: string, optedOut: boolean): void {
    const key = pairKey(customer, business);
    if (optedOut) this.#optedOut.add(key);
    else this.#optedOut.delete(key);
  }

  isOptedOut(customer: string, business: string): boolean {
    return this.#optedOut.has(pairKey(customer, business));
  }

  failDeliveries(failure: DeliveryFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.#failures.push(failure);
  }

  takeFailure(to: string): DeliveryFailure | undefined {
    const index = this.#failures.findIndex((failure) => !failure.to || failure.to === to);
    return index < 0 ? undefined : this.#failures.splice(index, 1)[0];
  }

  clear(): void {
    this.messages.clear();
    this.#lastInbound.clear();
    this.#optedOut.clear();
    this.#failures.length = 0;
  }
}

function pairKey(customer: string, business: string): string {
  return `${customer}|${business}`;
}

/** Twilio's dates are RFC 2822 strings, e.g. "Thu, 30 Jul 2015 20:12:31 +0000". */
function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace("GMT", "+0000");
}

export function toResource(message: TwilioMessage): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}`;
  return {
    account_sid: message.accountSid,
    api_version: "2010-04-01",
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent === null ? null : rfc2822(message.dateSent),
    date_updated: rfc2822(message.dateUpdated),
    direction: message.direction,
    error_code: message.errorCode,
    error_message: message.errorMessage,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: String(message.mediaUrls.length),
    num_segments: String(message.numSegments),
    price: null,
    price_unit: "USD",
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
    to: message.to,
    uri: `${uri}.json`,
  };
}
