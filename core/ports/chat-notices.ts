/**
 * Messages from the product to the agent inside a Connect chat, for what the agent must know
 * (a reply that could not reach the customer, and why). The customer never sees them.
 */
export interface ChatNotices {
  /**
   * Posts `text` into the chat for the agent. `clientToken` makes a retried notice land
   * once. Throws DependencyFailedError when the chat could not be reached.
   */
  tellAgent(notice: { chatContactId: string; text: string; clientToken: string }): Promise<void>;
}
