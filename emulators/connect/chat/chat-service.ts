import type { Clock, TimerHandle } from "../../shared-http/clock.ts";
import { ApiError } from "../http/api-error.ts";
import type { Contact } from "../model/contact.ts";
import type { Agent } from "../model/instance.ts";
import type { ContactEvents } from "../model/queue-model.ts";
import { type ChatRegistry, participantConnectWindowMs } from "./chat-registry.ts";
import { type ChatParticipant, ChatRoom } from "./chat-room.ts";

export interface StartChatOptions {
  readonly displayName: string;
  readonly initialMessage?: { ContentType: string; Content: string };
  readonly durationMinutes: number;
  readonly previous?: ChatRoom;
  /** Ends the contact when the customer never connects, or the chat outlives its duration. */
  readonly onExpire: (reason: string) => void;
}

/** Chat behaviour on top of the queue model: rooms, agent participants, chat end. */
export class ChatService implements ContactEvents {
  private readonly timers = new Map<string, TimerHandle[]>();

  constructor(
    private readonly registry: ChatRegistry,
    private readonly clock: Clock,
  ) {}

  start(
    contact: Contact,
    options: StartChatOptions,
  ): { room: ChatRoom; customer: ChatParticipant } {
    const room = new ChatRoom(contact.id, contact.initialContactId, this.clock, options.previous);
    const customer = room.addParticipant("CUSTOMER", options.displayName);
    this.registry.addRoom(room);
    this.registry.registerParticipant(room, customer);
    if (options.initialMessage) {
      room.post(customer, {
        type: "MESSAGE",
        contentType: options.initialMessage.ContentType,
        content: options.initialMessage.Content,
      });
    }
    // The customer must connect within 5 minutes (StartChatContact doc text).
    const window = this.clock.setTimeout(() => {
      if (!customer.connected) options.onExpire("CUSTOMER_CONNECTION_NOT_ESTABLISHED");
    }, participantConnectWindowMs);
    room.expiresAt = this.clock.now() + options.durationMinutes * 60 * 1000;
    const expiry = this.clock.setTimeout(
      () => options.onExpire("EXPIRED"),
      options.durationMinutes * 60 * 1000,
    );
    this.timers.set(contact.id, [window, expiry]);
    return { room, customer };
  }

  connected(contact: Contact, agent: Agent): void {
    const room = this.registry.rooms.get(contact.id);
    if (!room) return;
    // A custom participant is disconnected when an agent joins (admin guide, chat-customize-flow).
    for (const bot of room.participants.values()) {
      if (bot.role === "CUSTOM_BOT") room.leave(bot);
    }
    const participant = room.addParticipant("AGENT", agent.username);
    this.registry.registerParticipant(room, participant);
    room.join(participant);
    const behaviour = agent.behaviour;
    if (behaviour.mode === "scripted" && behaviour.replyText) {
      room.post(participant, {
        type: "MESSAGE",
        contentType: "text/plain",
        content: behaviour.replyText,
      });
    }
  }

  disconnected(contact: Contact): void {
    const room = this.registry.rooms.get(contact.id);
    if (!room) return;
    for (const handle of this.timers.get(contact.id) ?? []) this.clock.clearTimeout(handle);
    this.timers.delete(contact.id);
    if (contact.disconnectReason === "AGENT_DISCONNECT") {
      const agent = this.agentParticipant(room);
      if (agent) room.leave(agent);
    }
    room.end();
  }

  /** The agent participant currently in a chat, if one has joined. */
  agentParticipant(room: ChatRoom): ChatParticipant | undefined {
    return [...room.participants.values()].find((p) => p.role === "AGENT" && !p.left);
  }

  /** A message or event from the agent handling the chat (the driving API). */
  agentPost(contactId: string, item: { contentType: string; content?: string; event?: boolean }) {
    const room = this.registry.rooms.get(contactId);
    if (!room || room.ended)
      throw new ApiError("ResourceNotFoundException", "No live chat for that contact");
    const agent = this.agentParticipant(room);
    if (!agent) throw new ApiError("ConflictException", "No agent has joined this chat");
    return room.post(agent, {
      type: item.event ? "EVENT" : "MESSAGE",
      contentType: item.contentType,
      ...(item.content !== undefined ? { content: item.content } : {}),
    });
  }
}
