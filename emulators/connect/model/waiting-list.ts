import type { Contact } from "./contact.ts";
import type { Instance } from "./instance.ts";

/** Contacts waiting in any queue of an instance, in arrival order. */
export class WaitingList {
  private readonly ids: string[] = [];

  constructor(private readonly instance: Instance) {}

  /** Contacts waiting in a queue, oldest first. */
  in(queueId: string): Contact[] {
    return this.ids
      .map((id) => this.instance.contacts.get(id))
      .filter((contact): contact is Contact => contact?.queueId === queueId);
  }

  /** Every waiting contact id, oldest first (a copy, safe to iterate while routing). */
  all(): string[] {
    return [...this.ids];
  }

  has(contactId: string): boolean {
    return this.ids.includes(contactId);
  }

  add(contactId: string): void {
    this.ids.push(contactId);
  }

  remove(contactId: string): void {
    const index = this.ids.indexOf(contactId);
    if (index >= 0) this.ids.splice(index, 1);
  }
}
