import type { InboundMessage } from "./messenger-channel.ts";

/** Where accepted customer messages wait for routing (resume a deflection, relay, new chat). */
export interface InboundInbox {
  /** Stores the message once; a second call for the same provider message id changes nothing. */
  record(message: InboundMessage): Promise<"recorded" | "already-recorded">;
}
