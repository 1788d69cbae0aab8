import type { Contact } from "../emulators/connect/model/contact.ts";
import type { Agent } from "../emulators/connect/model/instance.ts";
import type { LocalWorld } from "../sandbox/local-world.ts";
import type { AgentChat, AgentDeskView, AgentGuide, ChatLine } from "./console-view.ts";
import { SHOWN_CONTACTS } from "./journey-view.ts";

/** The console's own agent, driven from the page through the emulator's agent model. */
export const CONSOLE_AGENT = "you";

/**
 * The Agent panel's side of the Connect emulator: a driven agent on the chat routing profile
 * that the page accepts, answers and ends chats as, through the same control calls as
 * `/__emulator/agents/<agent>/…`. The seeded scripted chat agents go offline while the
 * console runs (they would take every chat within seconds); the page can bring them back.
 */
export class AgentDesk {
  readonly #world: LocalWorld;
  readonly #agent: Agent;
  #scripted = false;

  constructor(world: LocalWorld) {
    this.#world = world;
    const instance = world.connect.instance.instance;
    const chatProfile = [...instance.routingProfiles.values()].find((profile) =>
      profile.queues.some((entry) => entry.channel === "CHAT"),
    );
    if (!chatProfile) throw new Error("the sandbox has no routing profile for chats");
    this.#agent =
      instance.findAgent(CONSOLE_AGENT) ??
      instance.addAgent({
        username: CONSOLE_AGENT,
        routingProfile: chatProfile.name,
        status: "Available",
        behaviour: { mode: "driven", afterContactWorkSeconds: 0 },
      });
    this.setScriptedAgents(false);
    // Routes chats already waiting to the new agent.
    world.connect.control.setAgentStatus(CONSOLE_AGENT, "Available");
  }

  /** Switches the seeded scripted chat agents on (Available) or off (Offline). */
  setScriptedAgents(on: boolean): void {
    this.#scripted = on;
    for (const agent of this.#scriptedChatAgents()) {
      this.#world.connect.control.setAgentStatus(agent.username, on ? "Available" : "Offline");
    }
  }

  accept(contactId: string): void {
    this.#world.connect.control.agentAccept(CONSOLE_AGENT, contactId);
  }

  send(contactId: string, text: string): void {
    this.#world.connect.control.agentSend(CONSOLE_AGENT, contactId, text);
  }

  end(contactId: string): void {
    this.#world.connect.control.agentEnd(CONSOLE_AGENT, contactId);
  }

  view(): AgentDeskView {
    const chats = this.#world.connect.control
      .contacts()
      .filter((contact) => contact.channel === "CHAT")
      .sort((a, b) => b.initiationTimestamp - a.initiationTimestamp)
      .slice(0, SHOWN_CONTACTS)
      .map((contact) => this.#chat(contact));
    return { agent: CONSOLE_AGENT, scriptedAgents: this.#scripted, chats };
  }

  #chat(contact: Contact): AgentChat {
    const instance = this.#world.connect.instance.instance;
    const agent = contact.agentId ? instance.agents.get(contact.agentId) : undefined;
    const attributes = Object.fromEntries(
      Object.entries(contact.attributes).filter(([key]) => key.startsWith("deflect")),
    );
    return {
      contactId: contact.id,
      state: contact.state,
      mine: contact.agentId === this.#agent.id,
      ...(agent ? { agent: agent.username } : {}),
      queue: (contact.queueId && instance.queues.get(contact.queueId)?.name) || "",
      ...(contact.relatedContactId ? { relatedContactId: contact.relatedContactId } : {}),
      attributes,
      guides: this.#world.connect.control.agentViews(contact.id).map(guideOf),
      transcript: this.#transcript(contact.id),
    };
  }

  #transcript(contactId: string): ChatLine[] {
    let items: ReturnType<LocalWorld["connect"]["control"]["transcript"]>;
    try {
      items = this.#world.connect.control.transcript(contactId);
    } catch {
      return []; // No chat room yet: the contact is still being set up.
    }
    return items
      .filter((item) => ["MESSAGE", "ATTACHMENT", "EVENT"].includes(item.Type) || item.Content)
      .map((item) => ({
        id: item.Id,
        role: item.ParticipantRole ?? "SYSTEM",
        name: item.ParticipantRole === "SYSTEM" ? "" : (item.DisplayName ?? ""),
        text: item.Content ?? (item.Type === "ATTACHMENT" ? "" : eventLabel(item.ContentType)),
        at: item.AbsoluteTime,
        attachments: (item.Attachments ?? []).map((a) => `${a.AttachmentName} (${a.Status})`),
      }));
  }

  #scriptedChatAgents(): Agent[] {
    const instance = this.#world.connect.instance.instance;
    return [...instance.agents.values()].filter((agent) => {
      const profile = instance.routingProfiles.get(agent.routingProfileId);
      const servesChat = profile?.queues.some((entry) => entry.channel === "CHAT") ?? false;
      return servesChat && agent.behaviour.mode === "scripted";
    });
  }
}

/** `application/vnd.amazonaws.connect.event.participant.joined` reads "(joined)". */
function eventLabel(contentType: string): string {
  const event = contentType.split(".").pop() ?? contentType;
  return `(${event.replaceAll("_", " ").replaceAll("-", " ")})`;
}

/** A ShowView guide as the agent's workspace lays it out: heading, attribute bar, sections. */
function guideOf(view: { viewData: Readonly<Record<string, unknown>> }): AgentGuide {
  const data = view.viewData as { Heading?: unknown; AttributeBar?: unknown; Sections?: unknown };
  const bar = Array.isArray(data.AttributeBar) ? data.AttributeBar : [];
  const sections = Array.isArray(data.Sections) ? data.Sections : [data.Sections];
  return {
    heading: String(data.Heading ?? ""),
    bar: bar.map((entry: { Label?: unknown; Value?: unknown }) => ({
      label: String(entry?.Label ?? ""),
      value: String(entry?.Value ?? ""),
    })),
    sections: sections.filter((s) => s !== undefined && s !== null).map(String),
  };
}
