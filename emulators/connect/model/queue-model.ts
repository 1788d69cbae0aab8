import type { Clock, TimerHandle } from "../clock.ts";
import type { Contact } from "./contact.ts";
import type { Agent, Instance } from "./instance.ts";
import { sampleSeconds } from "./random.ts";

/** What the rest of the emulator hears from routing (chat rooms, streaming, flows). */
export interface ContactEvents {
  offered?(contact: Contact, agent: Agent): void;
  connected?(contact: Contact, agent: Agent): void;
  /** The contact is over for the customer (talk ended, abandoned, or stopped). */
  disconnected?(contact: Contact): void;
}

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

/** Queues, routing and agent work: contacts wait, are offered, talk, wrap up and leave. */
export class QueueModel {
  private readonly waiting: string[] = [];
  private readonly idleSince = new Map<string, number>();
  private readonly timers = new Map<string, TimerHandle>();

  constructor(private readonly options: QueueModelOptions) {}

  private get instance(): Instance {
    return this.options.instance;
  }

  private now(): number {
    return this.options.clock.now();
  }

  /** Contacts waiting in a queue, oldest first. */
  waitingIn(queueId: string): Contact[] {
    return this.waiting
      .map((id) => this.instance.contacts.get(id))
      .filter((contact): contact is Contact => contact?.queueId === queueId);
  }

  enqueue(contact: Contact, queueId: string): void {
    const queue = this.instance.requireQueue(queueId);
    if (contact.state === "QUEUED" || contact.state === "CONNECTING") {
      throw new Error(`Contact ${contact.id} is already queued`);
    }
    if (queue.maxContacts !== undefined && this.waitingIn(queue.id).length >= queue.maxContacts) {
      throw new QueueAtCapacityError(queue.id);
    }
    contact.queueId = queue.id;
    contact.state = "QUEUED";
    contact.enqueueTimestamp = this.now();
    this.touch(contact);
    this.waiting.push(contact.id);
    this.route();
  }

  /** Offers waiting contacts to free agents: oldest contact first, longest-idle agent first. */
  route(): void {
    for (const contactId of [...this.waiting]) {
      const contact = this.instance.contacts.get(contactId);
      if (contact?.state !== "QUEUED") continue;
      const agent = this.pickAgent(contact);
      if (agent) this.offer(contact, agent);
    }
  }

  private pickAgent(contact: Contact): Agent | undefined {
    const candidates: { agent: Agent; priority: number; idle: number }[] = [];
    for (const agent of this.instance.agents.values()) {
      const profile = this.instance.routingProfiles.get(agent.routingProfileId);
      const entry = profile?.queues.find(
        (item) => item.queueId === contact.queueId && item.channel === contact.channel,
      );
      if (!profile || !entry || !this.hasCapacity(agent, contact)) continue;
      candidates.push({ agent, priority: entry.priority, idle: this.idleSince.get(agent.id) ?? 0 });
    }
    candidates.sort((a, b) => a.priority - b.priority || a.idle - b.idle);
    return candidates[0]?.agent;
  }

  /** Free slots an agent has for a channel (0 while busy on another channel). */
  freeSlots(agent: Agent, channel: Contact["channel"]): number {
    if (agent.status !== "Available") return 0;
    const profile = this.instance.routingProfiles.get(agent.routingProfileId);
    if (!profile) return 0;
    let used = 0;
    for (const id of [...agent.activeContactIds, ...agent.afterWorkContactIds]) {
      const other = this.instance.contacts.get(id);
      if (other && other.channel !== channel) return 0;
      used++;
    }
    return Math.max(0, profile.concurrency[channel] - used);
  }

  private hasCapacity(agent: Agent, contact: Contact): boolean {
    return this.freeSlots(agent, contact.channel) > 0;
  }

  private offer(contact: Contact, agent: Agent): void {
    contact.state = "CONNECTING";
    contact.agentId = agent.id;
    this.touch(contact);
    agent.activeContactIds.add(contact.id);
    for (const events of this.options.events) events.offered?.(contact, agent);
    const behaviour = agent.behaviour;
    if (behaviour.mode === "scripted") {
      this.schedule(contact.id, behaviour.answerAfterSeconds, () =>
        this.accept(contact.id, agent.id),
      );
    }
  }

  /** The agent accepts an offered contact; the customer is now talking to them. */
  accept(contactId: string, agentId: string): Contact {
    const contact = this.requireContact(contactId);
    const agent = this.requireAgentOf(contact, agentId);
    if (contact.state !== "CONNECTING")
      throw new Error(`Contact ${contactId} is not being offered`);
    contact.state = "CONNECTED";
    contact.connectedToAgentTimestamp = this.now();
    this.removeWaiting(contact.id);
    this.touch(contact);
    for (const events of this.options.events) events.connected?.(contact, agent);
    const behaviour = agent.behaviour;
    if (behaviour.mode === "scripted") {
      const seconds =
        behaviour.endAfterSeconds ?? sampleSeconds(behaviour.handleTime, this.options.random);
      this.schedule(contact.id, seconds, () => this.agentEnd(contact.id, agent.id));
    }
    return contact;
  }

  /** The agent declines an offer; the contact goes back to waiting in its place. */
  reject(contactId: string, agentId: string): void {
    const contact = this.requireContact(contactId);
    const agent = this.requireAgentOf(contact, agentId);
    if (contact.state !== "CONNECTING")
      throw new Error(`Contact ${contactId} is not being offered`);
    agent.activeContactIds.delete(contact.id);
    delete contact.agentId;
    contact.state = "QUEUED";
    this.cancelTimer(contact.id);
    this.route();
  }

  /** The agent ends the conversation and starts after-contact work. */
  agentEnd(contactId: string, agentId: string): void {
    const contact = this.requireContact(contactId);
    this.requireAgentOf(contact, agentId);
    if (contact.state !== "CONNECTED") throw new Error(`Contact ${contactId} is not connected`);
    this.finishTalk(contact, "AGENT_DISCONNECT");
  }

  /** The customer leaves (hangs up, disconnects, or the contact is stopped by API). */
  customerEnd(contactId: string, reason = "CUSTOMER_DISCONNECT"): void {
    const contact = this.requireContact(contactId);
    if (contact.state === "ENDED" || contact.state === "AFTER_CONTACT_WORK") return;
    if (contact.state === "CONNECTED") {
      this.finishTalk(contact, reason);
      return;
    }
    if (contact.state === "QUEUED" || contact.state === "CONNECTING") {
      contact.abandoned = true;
      this.removeWaiting(contact.id);
      this.releaseOffer(contact);
    }
    this.endContact(contact, reason);
    this.route();
  }

  private releaseOffer(contact: Contact): void {
    const agent = contact.agentId ? this.instance.agents.get(contact.agentId) : undefined;
    agent?.activeContactIds.delete(contact.id);
    if (agent) delete contact.agentId;
    this.cancelTimer(contact.id);
  }

  private finishTalk(contact: Contact, reason: string): void {
    const agent = contact.agentId ? this.instance.agents.get(contact.agentId) : undefined;
    this.cancelTimer(contact.id);
    contact.agentDisconnectTimestamp = this.now();
    contact.disconnectTimestamp = this.now();
    contact.disconnectReason = reason;
    contact.state = "AFTER_CONTACT_WORK";
    this.touch(contact);
    for (const events of this.options.events) events.disconnected?.(contact);
    if (!agent) return;
    agent.activeContactIds.delete(contact.id);
    agent.afterWorkContactIds.add(contact.id);
    this.schedule(contact.id, agent.behaviour.afterContactWorkSeconds, () => {
      agent.afterWorkContactIds.delete(contact.id);
      contact.afterContactWorkEndTimestamp = this.now();
      contact.state = "ENDED";
      this.touch(contact);
      this.idleSince.set(agent.id, this.now());
      this.route();
    });
  }

  private endContact(contact: Contact, reason: string): void {
    contact.state = "ENDED";
    contact.disconnectTimestamp = this.now();
    contact.disconnectReason = reason;
    this.touch(contact);
    for (const events of this.options.events) events.disconnected?.(contact);
  }

  /** Ends a contact that never reached a queue (for example a flow that hung up). */
  endInFlow(contactId: string, reason: string): void {
    const contact = this.requireContact(contactId);
    if (contact.state === "IN_FLOW") this.endContact(contact, reason);
  }

  private schedule(contactId: string, seconds: number, action: () => void): void {
    this.cancelTimer(contactId);
    const handle = this.options.clock.setTimeout(() => {
      this.timers.delete(contactId);
      action();
    }, seconds * 1000);
    this.timers.set(contactId, handle);
  }

  private cancelTimer(contactId: string): void {
    const handle = this.timers.get(contactId);
    if (handle) this.options.clock.clearTimeout(handle);
    this.timers.delete(contactId);
  }

  private removeWaiting(contactId: string): void {
    const index = this.waiting.indexOf(contactId);
    if (index >= 0) this.waiting.splice(index, 1);
  }

  private touch(contact: Contact): void {
    contact.lastUpdateTimestamp = this.now();
  }

  private requireContact(contactId: string): Contact {
    const contact = this.instance.contacts.get(contactId);
    if (!contact) throw new Error(`Unknown contact ${contactId}`);
    return contact;
  }

  private requireAgentOf(contact: Contact, agentId: string): Agent {
    const agent = this.instance.findAgent(agentId);
    if (!agent || contact.agentId !== agent.id) {
      throw new Error(`Contact ${contact.id} is not with agent ${agentId}`);
    }
    return agent;
  }
}
