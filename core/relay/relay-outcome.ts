import type { DeliveryMode } from "../channel-rules.ts";
import type { SessionStatus } from "../session/session-status.ts";

/** What the relay did with one chat item. */
export type RelayOutcome =
  | { readonly action: "ignored"; readonly reason: IgnoredReason }
  /** The item was relayed before (a redelivered notification, a restarted relay). */
  | { readonly action: "duplicate" }
  | {
      readonly action: "delivered";
      readonly mode: DeliveryMode;
      readonly providerMessageId: string;
    }
  /** The customer could not be reached; the agent was told why. */
  | { readonly action: "not-delivered"; readonly reason: string }
  | { readonly action: "session-moved"; readonly status: SessionStatus }
  | { readonly action: "ended"; readonly closingSent: boolean }
  /** The agent is typing and the customer's channel now shows it. */
  | { readonly action: "typing-shown" };

export type IgnoredReason =
  /** Posted by the customer (an echo) or visible to the agent only. */
  | "NOT_FOR_CUSTOMER"
  /** The customer's channel has no typing indicator (SMS, WhatsApp, X, LINE). */
  | "TYPING_UNSUPPORTED"
  /** A typing indicator went out to this chat moments ago. */
  | "TYPING_THROTTLED"
  /** Typing is not a message: outside the service window nothing goes out. */
  | "TYPING_OUTSIDE_WINDOW"
  /** The platform refused or could not be reached; typing is never retried. */
  | "TYPING_FAILED"
  /** The deflection is no longer in a live chat (ended, opted out, ...). */
  | "CHAT_NOT_LIVE"
  | "EVENT_IGNORED"
  | "TYPE_IGNORED"
  | "NO_SESSION"
  | "SESSION_UNCHANGED"
  /** An event of an earlier chat of the same deflection, after a new chat opened. */
  | "EARLIER_CHAT";
