import type { Clock } from "../../shared-http/clock.ts";
import type { Contact } from "./contact.ts";
import type { ContactEventBus } from "./contact-events.ts";
import type { ContactTimers } from "./contact-timers.ts";
import type { Agent, Instance } from "./instance.ts";
import { sampleSeconds } from "./random.ts";
import type { WaitingList } from "./waiting-list.ts";

export interface AgentWorkOptions {
  readonly instance: Instance;
  readonly clock: Clock;
  readonly random: () => number;
  readonly timers: ContactTimers;
  readonly events: ContactEventBus;
  readonly waiting: WaitingList;
  /** Offers waiting contacts again (an agent came free, or a contact went back to waiting). */
  readonly route: () => void;
  /** Announces a contact that waits again with no agent (its customer queue flow restarts). */
  readonly requeued: (contact: Contact) => void;
  /** Ends a contact offered straight to an agent who declined it: it has no queue to go back to. */
  readonly declinedTransfer: (contact: Contact) => void;
}

/** The agent side of a contact: offer, accept or reject, talk, after-contact work. */
export class AgentWork {
  /** When each agent last finished a contact; the longest idle is offered first. */
  readonly idleSince = new Map<string, number>();

  constructor(private readonly options: AgentWorkOptions) {}

  private now(): number {
    return this.options.clock.now();
  }

  offer(contact: Contact, agent: Agent): void {
    contact.state = "CONNECTING";
    contact.agentId = agent.id;
    contact.lastUpdateTimestamp = this.now();
    agent.activeContactIds.add(contact.id);
    this.options.events.offered(contact, agent);
    const behaviour = agent.behaviour;
    if (behaviour.mode === "scripted") {
      this.options.timers.schedule(contact.id, behaviour.answerAfterSeconds, () =>
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
    contact.lastUpdateTimestamp = this.now();
    this.options.waiting.remove(contact.id);
    this.options.events.connected(contact, agent);
    const behaviour = agent.behaviour;
    if (behaviour.mode === "scripted") {
      const seconds =
        behaviour.endAfterSeconds ?? sampleSeconds(behaviour.handleTime, this.options.random);
      this.options.timers.schedule(contact.id, seconds, () => this.agentEnd(contact.id, agent.id));
    }
    return contact;
  }

  /** The agent declines an offer; the contact goes back to waiting in its place. */
  reject(contactId: string, agentId: string): void {
    const contact = this.requireContact(contactId);
    this.requireAgentOf(contact, agentId);
    if (contact.state !== "CONNECTING")
      throw new Error(`Contact ${contactId} is not being offered`);
    this.releaseOffer(contact);
    if (!this.options.waiting.has(contact.id)) {
      this.options.declinedTransfer(contact);
      return;
    }
    contact.state = "QUEUED";
    this.options.route();
    this.options.requeued(contact);
  }

  /** The agent ends the conversation and starts after-contact work. */
  agentEnd(contactId: string, agentId: string): void {
    const contact = this.requireContact(contactId);
    this.requireAgentOf(contact, agentId);
    if (contact.state !== "CONNECTED") throw new Error(`Contact ${contactId} is not connected`);
    this.finishTalk(contact, "AGENT_DISCONNECT");
  }

  /** Frees the agent a contact was being offered to. */
  releaseOffer(contact: Contact): void {
    const agent = contact.agentId ? this.options.instance.agents.get(contact.agentId) : undefined;
    agent?.activeContactIds.delete(contact.id);
    if (agent) delete contact.agentId;
    this.options.timers.cancel(contact.id);
  }

  /** Talk is over: the customer is gone and the agent wraps up, then takes the next contact. */
  finishTalk(contact: Contact, reason: string): void {
    const { timers, instance } = this.options;
    const agent = contact.agentId ? instance.agents.get(contact.agentId) : undefined;
    timers.cancel(contact.id);
    contact.agentDisconnectTimestamp = this.now();
    contact.disconnectTimestamp = this.now();
    contact.disconnectReason = reason;
    contact.state = "AFTER_CONTACT_WORK";
    contact.lastUpdateTimestamp = this.now();
    this.options.events.disconnected(contact);
    if (!agent) return;
    agent.activeContactIds.delete(contact.id);
    agent.afterWorkContactIds.add(contact.id);
    timers.schedule(contact.id, agent.behaviour.afterContactWorkSeconds, () => {
      this.finishAfterWork(contact, agent);
      this.options.route();
    });
  }

  /** Takes an agent out of after-contact work at once (a transfer to them ends it). */
  endAfterContactWork(agent: Agent): void {
    for (const contactId of [...agent.afterWorkContactIds]) {
      const contact = this.requireContact(contactId);
      this.options.timers.cancel(contactId);
      this.finishAfterWork(contact, agent);
    }
  }

  private finishAfterWork(contact: Contact, agent: Agent): void {
    agent.afterWorkContactIds.delete(contact.id);
    contact.afterContactWorkEndTimestamp = this.now();
    contact.state = "ENDED";
    contact.lastUpdateTimestamp = this.now();
    this.idleSince.set(agent.id, this.now());
  }

  private requireContact(contactId: string): Contact {
    const contact = this.options.instance.contacts.get(contactId);
    if (!contact) throw new Error(`Unknown contact ${contactId}`);
    return contact;
  }

  private requireAgentOf(contact: Contact, agentId: string): Agent {
    const agent = this.options.instance.findAgent(agentId);
    if (!agent || contact.agentId !== agent.id) {
      throw new Error(`Contact ${contact.id} is not with agent ${agentId}`);
    }
    return agent;
  }
}
