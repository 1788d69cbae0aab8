import type { CustomerReply } from "../resume/customer-reply.ts";

/** A session in line for a chat: since when, and how many times a message joined it. */
export interface LineEntry {
  readonly voiceContactId: string;
  readonly since: string;
  /** Grows with every park (a retried park counts again); `leave` compares it. */
  readonly parked: number;
}

/**
 * The customers whose chat could not open because Connect was at its limit of active chats,
 * each with their messages parked in order. A session in line routes nothing itself: its
 * messages wait here until the line is drained (drainWaitingLine), so no stream record is
 * held back and no later message overtakes an earlier one.
 */
export interface WaitingLine {
  /** Whether the session is in line (its next message must join it). */
  holds(voiceContactId: string): Promise<boolean>;

  /**
   * Parks a message at the end of the session's line, putting the session in line if it was
   * not. Parking the same message again (a retry) keeps its first place.
   */
  park(input: { voiceContactId: string; reply: CustomerReply }): Promise<void>;

  /** Sessions in line, longest waiting first, at most `limit`. */
  entries(limit: number): Promise<LineEntry[]>;

  /** The session's parked messages, in the order they were parked. */
  parked(voiceContactId: string): Promise<CustomerReply[]>;

  /** Takes a routed message out of the session's line. */
  release(input: { voiceContactId: string; reply: CustomerReply }): Promise<void>;

  /**
   * Takes the session out of line, unless a message was parked since `entry` was read (then
   * it stays for the next drain). Answers whether it left.
   */
  leave(entry: LineEntry): Promise<boolean>;
}
