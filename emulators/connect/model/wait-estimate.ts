import type { Contact } from "./contact.ts";
import type { Instance } from "./instance.ts";
import type { Channel } from "./instance-seed.ts";
import type { QueueModel } from "./queue-model.ts";
import { meanSeconds } from "./random.ts";

/** Used when neither finished contacts nor scripted agents say how long a contact takes. */
const defaultHandleSeconds = 300;

/**
 * The emulator's stand-in for Connect's estimated wait (a model, not Connect's algorithm):
 * a contact at position p waits (p − free slots) × average handle time ÷ staffed slots,
 * and nothing when a slot is free. Tests and the sandbox can pin a value per queue/channel.
 */
export class WaitEstimator {
  private readonly overrides = new Map<string, number>();

  constructor(
    private readonly instance: Instance,
    private readonly model: QueueModel,
  ) {}

  /** Pins the estimate for a queue and channel; undefined removes the pin. */
  setOverride(queueId: string, channel: Channel, seconds: number | undefined): void {
    const key = `${queueId}|${channel}`;
    if (seconds === undefined) this.overrides.delete(key);
    else this.overrides.set(key, seconds);
  }

  /** The estimate for a new arrival in the queue; undefined while no agent is staffed. */
  forQueue(queueId: string, channel: Channel): number | undefined {
    const waiting = this.model.waitingIn(queueId).filter((c) => c.channel === channel);
    const notOffered = waiting.filter((c) => c.state === "QUEUED").length;
    return this.atPosition(queueId, channel, notOffered + 1);
  }

  /** The estimate for a contact already waiting; undefined once it has left the queue. */
  forContact(contact: Contact): number | undefined {
    if (contact.state !== "QUEUED" || !contact.queueId) return undefined;
    const ahead = this.model
      .waitingIn(contact.queueId)
      .filter((c) => c.channel === contact.channel && c.state === "QUEUED");
    const position = ahead.findIndex((c) => c.id === contact.id) + 1;
    return this.atPosition(contact.queueId, contact.channel, position);
  }

  /** 1-based place among contacts of the same channel still waiting in the queue. */
  positionOf(contact: Contact): number | undefined {
    if ((contact.state !== "QUEUED" && contact.state !== "CONNECTING") || !contact.queueId) {
      return undefined;
    }
    const waiting = this.model
      .waitingIn(contact.queueId)
      .filter((c) => c.channel === contact.channel);
    return waiting.findIndex((c) => c.id === contact.id) + 1;
  }

  private atPosition(queueId: string, channel: Channel, position: number): number | undefined {
    const pinned = this.overrides.get(`${queueId}|${channel}`);
    if (pinned !== undefined) return pinned;
    const agents = this.staffedAgents(queueId, channel);
    let capacity = 0;
    let free = 0;
    for (const agent of agents) {
      const profile = this.instance.routingProfiles.get(agent.routingProfileId);
      capacity += profile?.concurrency[channel] ?? 0;
      free += this.model.freeSlots(agent, channel);
    }
    if (capacity === 0) return undefined;
    if (position <= free) return 0;
    return Math.round(((position - free) * this.averageHandleSeconds(queueId, channel)) / capacity);
  }

  private staffedAgents(queueId: string, channel: Channel) {
    return [...this.instance.agents.values()].filter((agent) => {
      if (agent.status !== "Available") return false;
      const profile = this.instance.routingProfiles.get(agent.routingProfileId);
      return profile?.queues.some((q) => q.queueId === queueId && q.channel === channel) ?? false;
    });
  }

  /** Mean talk + after-contact work of finished contacts, else of the scripted agents. */
  averageHandleSeconds(queueId: string, channel: Channel): number {
    const handled = [...this.instance.contacts.values()].filter(
      (c) =>
        c.queueId === queueId &&
        c.channel === channel &&
        c.connectedToAgentTimestamp !== undefined &&
        c.afterContactWorkEndTimestamp !== undefined,
    );
    if (handled.length > 0) {
      const totalMs = handled.reduce(
        (sum, c) =>
          sum + (c.afterContactWorkEndTimestamp ?? 0) - (c.connectedToAgentTimestamp ?? 0),
        0,
      );
      return totalMs / handled.length / 1000;
    }
    const scripted = this.staffedAgents(queueId, channel).flatMap((agent) =>
      agent.behaviour.mode === "scripted"
        ? [
            (agent.behaviour.endAfterSeconds ?? meanSeconds(agent.behaviour.handleTime)) +
              agent.behaviour.afterContactWorkSeconds,
          ]
        : [],
    );
    if (scripted.length === 0) return defaultHandleSeconds;
    return scripted.reduce((a, b) => a + b, 0) / scripted.length;
  }
}
