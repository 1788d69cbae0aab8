/** The last transcript item of a chat that the relay has fully dealt with. */
export interface RelayCursor {
  readonly itemId: string;
  readonly absoluteTime: string;
}

/**
 * How far the relay has worked through each chat's transcript, so a new item does not mean
 * re-reading (and re-claiming) everything before it.
 */
export interface RelayCursorStore {
  getCursor(chatContactId: string): Promise<RelayCursor | undefined>;

  /** Moves the cursor forward; a cursor older than the stored one changes nothing. */
  advanceCursor(chatContactId: string, cursor: RelayCursor): Promise<void>;

  /**
   * Marks `next` as the chat's next item to send without reading the transcript, when the
   * chat's order is known to be intact: the cursor exists, is newer than `notBefore`, older
   * than `next`, and every item announced before has been dealt with (the cursor reached
   * it). Answers false, changing nothing, otherwise. Until the cursor reaches `next`, no
   * other item can be announced: a failed send sends the chat back to the transcript.
   */
  announceNext(
    chatContactId: string,
    next: RelayCursor,
    options: { notBefore: string },
  ): Promise<boolean>;

  /**
   * Records that an item posted at `absoluteTime` is on its way through the transcript: no
   * item is announced until the cursor has passed it. Done before anything that can fail, so
   * an item whose delivery failed can never be overtaken by a later one.
   */
  holdOrder(chatContactId: string, absoluteTime: string): Promise<void>;
}
