import type { Contact } from "./contact.ts";
import type { Agent, Instance } from "./instance.ts";

/** Free slots an agent has for a channel (0 while busy on another channel). */
export function freeSlots(instance: Instance, agent: Agent, channel: Contact["channel"]): number {
  if (agent.status !== "Available") return 0;
  const profile = instance.routingProfiles.get(agent.routingProfileId);
  if (!profile) return 0;
  let used = 0;
  for (const id of [...agent.activeContactIds, ...agent.afterWorkContactIds]) {
    const other = instance.contacts.get(id);
    if (other && other.channel !== channel) return 0;
    used++;
  }
  return Math.max(0, profile.concurrency[channel] - used);
}

/**
 * The agent a waiting contact goes to: among agents whose routing profile serves the contact's
 * queue and channel and who have a free slot, the best queue priority, then the longest idle.
 */
export function pickAgent(options: {
  instance: Instance;
  contact: Contact;
  idleSince: ReadonlyMap<string, number>;
}): Agent | undefined {
  const { instance, contact, idleSince } = options;
  const candidates: { agent: Agent; priority: number; idle: number }[] = [];
  for (const agent of instance.agents.values()) {
    const profile = instance.routingProfiles.get(agent.routingProfileId);
    const entry = profile?.queues.find(
      (item) => item.queueId === contact.queueId && item.channel === contact.channel,
    );
    if (!profile || !entry || freeSlots(instance, agent, contact.channel) === 0) continue;
    candidates.push({ agent, priority: entry.priority, idle: idleSince.get(agent.id) ?? 0 });
  }
  candidates.sort((a, b) => a.priority - b.priority || a.idle - b.idle);
  return candidates[0]?.agent;
}
