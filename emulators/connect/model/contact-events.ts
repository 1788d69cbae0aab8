import type { Contact } from "./contact.ts";
import type { Agent } from "./instance.ts";

/** What the rest of the emulator hears from routing (chat rooms, streaming, flows). */
export interface ContactEvents {
  /** The contact waits in a queue with no agent offered yet (its customer queue flow starts). */
  queued?(contact: Contact): void;
  offered?(contact: Contact, agent: Agent): void;
  connected?(contact: Contact, agent: Agent): void;
  /** The contact is over for the customer (talk ended, abandoned, or stopped). */
  disconnected?(contact: Contact): void;
}

/** Hands each routing event to every listener, in the order they were added. */
export class ContactEventBus implements Required<ContactEvents> {
  private readonly listeners: ContactEvents[];

  constructor(listeners: readonly ContactEvents[] = []) {
    this.listeners = [...listeners];
  }

  listen(listener: ContactEvents): void {
    this.listeners.push(listener);
  }

  queued(contact: Contact): void {
    for (const listener of this.listeners) listener.queued?.(contact);
  }

  offered(contact: Contact, agent: Agent): void {
    for (const listener of this.listeners) listener.offered?.(contact, agent);
  }

  connected(contact: Contact, agent: Agent): void {
    for (const listener of this.listeners) listener.connected?.(contact, agent);
  }

  disconnected(contact: Contact): void {
    for (const listener of this.listeners) listener.disconnected?.(contact);
  }
}
