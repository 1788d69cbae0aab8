import type { Clock } from "../../shared-http/clock.ts";
import { freeSlots, pickAgent } from "./agent-selection.ts";
import { AgentWork } from "./agent-work.ts";
import type { Contact } from "./contact.ts";
import { ContactEventBus, type ContactEvents } from "./contact-events.ts";
import { ContactTimers } from "./contact-timers.ts";
import type { Agent, Instance } from "./instance.ts";
import { WaitingList } from "./waiting-list.ts";

export type { ContactEvents } from "./contact-events.ts";

export class QueueAtCapacityError extends Error {
  constructor(queueId: string) {
    super(`Queue ${queueId} is at capacity`);
    this.name = "QueueAtCapacityError";
  }
}

export interface QueueModelOptions {
  readonly instance: Instance;
  readonly clock: Clock;
  readonly random: () => number;
  readonly events: ContactEvents[];
}

/** Queues and routing: contacts wait, are offered to agents (AgentWork does the rest) and leave. */
export class QueueModel {
  private readonly waiting: WaitingList;
  private readonly events: ContactEventBus;
  private readonly work: AgentWork;

  constructor(private readonly options: QueueModelOptions) {
    this.waiting = new WaitingList(options.instance);
    this.events = new ContactEventBus(options.events);
    this.work = new AgentWork({
      ...options,
      timers: new ContactTimers(options.clock),
      events: this.events,
      waiting: this.waiting,
      route: () => this.route(),
      requeued: (contact) => this.emitQueued(contact),
      // Not documented: ended like a transfer to a busy agent (TransferContactToAgent page).
      declinedTransfer: (contact) => {
        this.endContact(contact, "CONTACT_FLOW_DISCONNECT");
        this.route();
      },
    });
  }

  private get instance(): Instance {
    return this.options.instance;
  }

  private now(): number {
    return this.options.clock.now();
  }

  /** Adds a listener for routing events. */
  listen(events: ContactEvents): void {
    this.events.listen(events);
  }

  /** Contacts waiting in a queue, oldest first. */
  waitingIn(queueId: string): Contact[] {
    return this.waiting.in(queueId);
  }

  enqueue(contact: Contact, queueId: string): void {
    if (contact.state === "QUEUED" || contact.state === "CONNECTING") {
      throw new Error(`Contact ${contact.id} is already queued`);
    }
    this.place(contact, queueId);
  }

  /**
   * Moves a waiting contact to another queue (DequeueContactAndTransferToQueue): it joins the
   * back of the new queue with a new enqueue time and keeps nothing of its old place.
   */
  transfer(contactId: string, queueId: string): void {
    const contact = this.requireContact(contactId);
    if (contact.state !== "QUEUED") throw new Error(`Contact ${contactId} is not waiting`);
    this.requireRoom(queueId);
    this.waiting.remove(contact.id);
    this.place(contact, queueId);
  }

  private requireRoom(queueId: string): void {
    const queue = this.instance.requireQueue(queueId);
    if (queue.maxContacts !== undefined && this.waitingIn(queue.id).length >= queue.maxContacts) {
      throw new QueueAtCapacityError(queue.id);
    }
  }

  private place(contact: Contact, queueId: string): void {
    this.requireRoom(queueId);
    contact.queueId = this.instance.requireQueue(queueId).id;
    contact.state = "QUEUED";
    contact.enqueueTimestamp = this.now();
    contact.lastUpdateTimestamp = this.now();
    this.waiting.add(contact.id);
    this.route();
    this.emitQueued(contact);
  }

  private emitQueued(contact: Contact): void {
    if (contact.state === "QUEUED") this.events.queued(contact);
  }

  /** Offers waiting contacts to free agents: oldest contact first, longest-idle agent first. */
  route(): void {
    for (const contactId of this.waiting.all()) {
      const contact = this.instance.contacts.get(contactId);
      if (contact?.state !== "QUEUED") continue;
      const agent = pickAgent({ instance: this.instance, contact, idleSince: this.work.idleSince });
      if (agent) this.work.offer(contact, agent);
    }
  }

  /**
   * Offers a contact in a flow straight to one agent (TransferContactToAgent). "busy" when the
   * agent is not Available or is already with someone, whom the flow then disconnects; an agent
   * in after-contact work leaves it for the transfer (Transfer to agent block page).
   */
  offerToAgent(contactId: string, agentId: string): "offered" | "busy" {
    const contact = this.requireContact(contactId);
    const agent = this.instance.findAgent(agentId);
    if (!agent) throw new Error(`Unknown agent ${agentId}`);
    if (contact.state !== "IN_FLOW") throw new Error(`Contact ${contactId} is not in a flow`);
    if (agent.status !== "Available" || agent.activeContactIds.size > 0) return "busy";
    this.work.endAfterContactWork(agent);
    if (freeSlots(this.instance, agent, contact.channel) === 0) return "busy";
    this.work.offer(contact, agent);
    this.route();
    return "offered";
  }

  /** Free slots an agent has for a channel (0 while busy on another channel). */
  freeSlots(agent: Agent, channel: Contact["channel"]): number {
    return freeSlots(this.instance, agent, channel);
  }

  /** The agent accepts an offered contact; the customer is now talking to them. */
  accept(contactId: string, agentId: string): Contact {
    return this.work.accept(contactId, agentId);
  }

  /** The agent declines an offer; the contact goes back to waiting in its place. */
  reject(contactId: string, agentId: string): void {
    this.work.reject(contactId, agentId);
  }

  /** The agent ends the conversation and starts after-contact work. */
  agentEnd(contactId: string, agentId: string): void {
    this.work.agentEnd(contactId, agentId);
  }

  /** The customer leaves (hangs up, disconnects, or the contact is stopped by API). */
  customerEnd(contactId: string, reason = "CUSTOMER_DISCONNECT"): void {
    this.leave(contactId, { reason, abandoned: true });
  }

  /**
   * A customer queue flow disconnects a waiting caller. Connect counts as abandoned only
   * contacts "disconnected by the customer while waiting in queue" (metric definitions), so
   * this one is neither abandoned nor handled: it counts in CONTACTS_QUEUED and leaves
   * CONTACTS_IN_QUEUE at once, with DisconnectReason CONTACT_FLOW_DISCONNECT.
   */
  removeByFlow(contactId: string): void {
    this.leave(contactId, { reason: "CONTACT_FLOW_DISCONNECT", abandoned: false });
  }

  private leave(contactId: string, how: { reason: string; abandoned: boolean }): void {
    const contact = this.requireContact(contactId);
    if (contact.state === "ENDED" || contact.state === "AFTER_CONTACT_WORK") return;
    if (contact.state === "CONNECTED") {
      this.work.finishTalk(contact, how.reason);
      return;
    }
    if (contact.state === "QUEUED" || contact.state === "CONNECTING") {
      contact.abandoned = how.abandoned;
      this.waiting.remove(contact.id);
      this.work.releaseOffer(contact);
    }
    this.endContact(contact, how.reason);
    this.route();
  }

  private endContact(contact: Contact, reason: string): void {
    contact.state = "ENDED";
    contact.disconnectTimestamp = this.now();
    contact.disconnectReason = reason;
    contact.lastUpdateTimestamp = this.now();
    this.events.disconnected(contact);
  }

  /** Ends a contact that never reached a queue (for example a flow that hung up). */
  endInFlow(contactId: string, reason: string): void {
    const contact = this.requireContact(contactId);
    if (contact.state === "IN_FLOW") this.endContact(contact, reason);
  }

  private requireContact(contactId: string): Contact {
    const contact = this.instance.contacts.get(contactId);
    if (!contact) throw new Error(`Unknown contact ${contactId}`);
    return contact;
  }
}
