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
}
