import type { CustomerAddress } from "../channel.ts";

/** Where a customer's messages go while their chat is open: all one message needs. */
export interface LiveRoute {
  readonly voiceContactId: string;
  readonly chatContactId: string;
  readonly connectionToken: string;
  readonly connectionExpiresAt: string;
  /** The provider's id of the reply the chat opened with (its InitialMessage). */
  readonly firstReplyMessageId?: string;
}

/**
 * Each customer address's live chat, found in one read. Resume publishes a route while the
 * session is live; the session store withdraws it before the session leaves the live
 * statuses. So a route found belongs to a live session, or to one that left them a moment
 * ago, whose ended chat refuses the message.
 */
export interface LiveRoutes {
  /** The address's route, if one is published. */
  find(address: CustomerAddress): Promise<LiveRoute | undefined>;

  /**
   * Several addresses' routes in one read, by addressKey: a route, or null where none is
   * published. An address the store could not read this time is left out, for `find`.
   */
  findEach(addresses: readonly CustomerAddress[]): Promise<ReadonlyMap<string, LiveRoute | null>>;

  /**
   * Publishes the route of a session that is live at `sessionVersion`. Does nothing when the
   * address points at another session now, or the route was withdrawn at that version or
   * later (a reader that saw the session before it left the live statuses).
   */
  publish(options: {
    address: CustomerAddress;
    route: LiveRoute;
    sessionVersion: number;
  }): Promise<void>;
}
