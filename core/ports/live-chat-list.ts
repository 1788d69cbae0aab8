/**
 * The chats the websocket relay should hold a socket for (DESIGN.md, relay websocket mode):
 * resume adds a chat once its customer connection is stored; the relay removes it when the
 * chat ends. Entries also lapse on their own after a chat's longest life, so a lost remove
 * does not keep a chat listed for ever.
 */
export interface LiveChatList {
  /** Every listed chat's contact id, in no particular order. */
  list(): Promise<string[]>;

  /** Lists a chat (again: listing a listed chat only renews its lapse time). */
  add(chatContactId: string): Promise<void>;

  /** Unlists a chat; unlisting one that is not listed changes nothing. */
  remove(chatContactId: string): Promise<void>;
}
