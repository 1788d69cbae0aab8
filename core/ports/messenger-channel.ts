import type { ChannelKind, CustomerAddress } from "../channel.ts";
import type { ChannelRules } from "../channel-rules.ts";

/** Free text, allowed inside the channel's service window. */
export interface OutboundText {
  readonly kind: "text";
  readonly to: CustomerAddress;
  readonly text: string;
  /** Our own id for this message; adapters pass it on where the platform keeps one. */
  readonly reference: string;
  /** Messenger only: send with the HUMAN_AGENT tag (an agent reply outside 24 h). */
  readonly humanAgent?: boolean;
}

/** A pre-approved template, required to start a conversation or outside the window. */
export interface OutboundTemplate {
  readonly kind: "template";
  readonly to: CustomerAddress;
  /** The platform's template id (Twilio ContentSid, a WhatsApp template name, ...). */
  readonly templateId: string;
  readonly variables: Readonly<Record<string, string>>;
  readonly reference: string;
}

/**
 * A file the platform fetches from a short-lived link (an agent's chat attachment). Free form:
 * it may only go where free text may (inside the service window, or tagged HUMAN_AGENT).
 */
export interface OutboundMedia {
  readonly kind: "media";
  readonly to: CustomerAddress;
  /** Where the platform downloads the file; it expires soon after it is made. */
  readonly url: string;
  readonly contentType: string;
  readonly fileName: string;
  readonly sizeInBytes: number;
  /** Text shown with the file, where the channel has captions. */
  readonly caption?: string;
  readonly reference: string;
  /** Messenger only: send with the HUMAN_AGENT tag (an agent reply outside 24 h). */
  readonly humanAgent?: boolean;
}

export type OutboundMessage = OutboundText | OutboundTemplate | OutboundMedia;

export type DeliveryState = "queued" | "sent" | "delivered" | "read" | "failed" | "undelivered";

export interface SendResult {
  readonly providerMessageId: string;
  readonly state: DeliveryState;
  readonly acceptedAt: Date;
}

/**
 * An HTTP request as the webhook edge received it, before anything trusts it.
 * `publicUrl` is the configured public URL of the route (signatures cover it; behind a
 * proxy it cannot be guessed from the request).
 */
export interface InboundRequest {
  readonly method: string;
  readonly publicUrl: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly rawBody: string;
}

export interface InboundMedia {
  readonly url: string;
  readonly contentType?: string;
}

/** One message from a customer, the same shape whatever the channel. */
export interface InboundMessage {
  readonly channel: ChannelKind;
  /** Namespace for `providerMessageId` in dedupe records ("twilio", "meta", ...). */
  readonly provider: string;
  readonly providerMessageId: string;
  readonly from: CustomerAddress;
  readonly text: string;
  readonly media: readonly InboundMedia[];
  readonly receivedAt: Date;
  readonly profileName?: string;
}

/** A delivery receipt for a message we sent. */
export interface DeliveryStatusUpdate {
  readonly channel: ChannelKind;
  readonly provider: string;
  readonly providerMessageId: string;
  readonly state: DeliveryState;
  readonly at: Date;
  readonly errorCode?: string;
  /** Who the message was for, where the platform says (it finds the customer's session). */
  readonly recipient?: CustomerAddress;
}

/** What a verified webhook request carried. */
export type InboundParseResult =
  | {
      /** A platform handshake (Meta verify GET, X CRC): answer it and do nothing else. */
      readonly kind: "challenge";
      readonly body: string;
      readonly contentType: string;
    }
  | {
      readonly kind: "events";
      readonly messages: readonly InboundMessage[];
      readonly statuses: readonly DeliveryStatusUpdate[];
    };

/** Which platform a channel is, and what it may carry. Both halves of a channel have it. */
export interface ChannelIdentity {
  readonly kind: ChannelKind;
  /** Namespace of the platform's message ids ("twilio", "meta", ...). */
  readonly provider: string;
  readonly rules: ChannelRules;
}

/**
 * The sending half of a messenger platform: what deflect and the relay need. Keeping it
 * apart keeps the webhook parsers, and the SDKs they use, out of those bundles.
 */
export interface OutboundChannel extends ChannelIdentity {
  /**
   * Sends one message. Throws ChannelRejectedError (with `details.reason`) when the platform
   * refuses it for good, DependencyFailedError when it failed after bounded retries.
   */
  send(message: OutboundMessage): Promise<SendResult>;

  /**
   * Shows the customer that someone is typing, on channels that have such an indicator
   * (absent elsewhere). Best effort and never retried: the platform clears it by itself after
   * a few seconds or when the next message arrives. Throws like `send`: ChannelRejectedError
   * when the platform refuses it, DependencyFailedError when it could not be reached.
   */
  showTyping?(to: CustomerAddress): Promise<void>;
}

/**
 * The receiving half of a messenger platform: what the webhook function needs. It never
 * sends, so that function carries no sender (nor the SDK one may load).
 */
export interface InboundChannel extends ChannelIdentity {
  /**
   * Verifies the request's signature first and fails closed (SignatureInvalidError), then
   * parses it (InvalidInputError for a body that is not what the platform sends).
   */
  verifyAndParse(request: InboundRequest): Promise<InboundParseResult>;
}

/**
 * One messenger platform with both halves. Every vendor has the same shape: send, verify +
 * parse inbound, parse status callbacks, and the channel's rules.
 */
export interface MessengerChannel extends OutboundChannel, InboundChannel {}
