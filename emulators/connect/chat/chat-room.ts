import type { Clock } from "../../shared-http/clock.ts";
import {
  type AttachmentItem,
  eventContentTypes,
  type ItemType,
  isEphemeral,
  type ParticipantRole,
  type Receipt,
  type TranscriptItem,
} from "./transcript-item.ts";

export interface ChatParticipant {
  readonly participantId: string;
  readonly role: ParticipantRole;
  readonly displayName: string;
  readonly participantToken: string;
  /** Set once the participant has created a connection (or the agent accepted). */
  connected: boolean;
  left: boolean;
}

export interface PostOptions {
  readonly type: ItemType;
  readonly contentType: string;
  readonly content?: string;
  readonly attachments?: readonly AttachmentItem[];
  readonly messageMetadata?: TranscriptItem["MessageMetadata"];
}

export type ItemListener = (item: TranscriptItem) => void;

/** The live side of one chat contact: participants, its transcript, and who is listening. */
export class ChatRoom {
  readonly participants = new Map<string, ChatParticipant>();
  readonly items: TranscriptItem[] = [];
  private readonly listeners = new Set<ItemListener>();
  /** Delivered and read receipts by message id; GetTranscript shows them on the message. */
  readonly receipts = new Map<string, Receipt[]>();
  ended = false;
  /** When the chat outlives its duration (epoch ms); a participant token lasts as long. */
  expiresAt?: number;

  constructor(
    readonly contactId: string,
    readonly initialContactId: string,
    private readonly clock: Clock,
    /** The chat this one continues (persistent chat), whose transcript it carries. */
    readonly previous?: ChatRoom,
  ) {}

  addParticipant(role: ParticipantRole, displayName: string): ChatParticipant {
    const participant: ChatParticipant = {
      participantId: crypto.randomUUID(),
      role,
      displayName,
      participantToken: `pt-${crypto.randomUUID()}`,
      connected: false,
      left: false,
    };
    this.participants.set(participant.participantId, participant);
    return participant;
  }

  customer(): ChatParticipant | undefined {
    return [...this.participants.values()].find((p) => p.role === "CUSTOMER");
  }

  subscribe(listener: ItemListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds an item from a participant (or the system) and hands it to every listener. */
  post(participant: ChatParticipant | undefined, options: PostOptions): TranscriptItem {
    const item: TranscriptItem = {
      AbsoluteTime: new Date(this.clock.now()).toISOString(),
      ContentType: options.contentType,
      Id: crypto.randomUUID(),
      Type: options.type,
      ...(options.content !== undefined ? { Content: options.content } : {}),
      ...(participant
        ? {
            ParticipantId: participant.participantId,
            DisplayName: participant.displayName,
            ParticipantRole: participant.role,
          }
        : { ParticipantRole: "SYSTEM" as const, DisplayName: "SYSTEM_MESSAGE" }),
      ...(options.attachments ? { Attachments: options.attachments } : {}),
      ...(options.messageMetadata ? { MessageMetadata: options.messageMetadata } : {}),
      InitialContactId: this.initialContactId,
      ContactId: this.contactId,
    };
    if (!isEphemeral(item)) this.items.push(item);
    for (const listener of [...this.listeners]) listener(item);
    return item;
  }

  join(participant: ChatParticipant): void {
    if (participant.connected) return;
    participant.connected = true;
    this.post(participant, { type: "EVENT", contentType: eventContentTypes.joined });
  }

  leave(participant: ChatParticipant): void {
    if (participant.left || this.ended) return;
    participant.left = true;
    this.post(participant, { type: "EVENT", contentType: eventContentTypes.left });
  }

  /** Ends the chat once: a chat.ended event, after which nothing more may be posted. */
  end(): void {
    if (this.ended) return;
    this.post(undefined, { type: "EVENT", contentType: eventContentTypes.chatEnded });
    this.ended = true;
  }

  /** Records a receipt and announces it as a MESSAGEMETADATA item, as the websocket does. */
  receipt(
    participant: ChatParticipant,
    messageId: string,
    kind: "delivered" | "read",
  ): TranscriptItem {
    const list = this.receipts.get(messageId) ?? [];
    let receipt = list.find((r) => r.RecipientParticipantId === participant.participantId);
    if (!receipt) {
      receipt = { RecipientParticipantId: participant.participantId };
      list.push(receipt);
      this.receipts.set(messageId, list);
    }
    const at = new Date(this.clock.now()).toISOString();
    if (kind === "delivered") receipt.DeliveredTimestamp = at;
    else receipt.ReadTimestamp = at;
    return this.post(participant, {
      type: "MESSAGEMETADATA",
      contentType: kind === "read" ? eventContentTypes.read : eventContentTypes.delivered,
      messageMetadata: { MessageId: messageId, Receipts: [{ ...receipt }] },
    });
  }

  /** An item as GetTranscript shows it, with the receipts gathered so far. */
  withReceipts(item: TranscriptItem): TranscriptItem {
    const receipts = this.receipts.get(item.Id);
    if (!receipts) return item;
    return {
      ...item,
      MessageMetadata: { MessageId: item.Id, Receipts: receipts.map((r) => ({ ...r })) },
    };
  }

  /** This chat's items, preceded by those of the chats it continues. */
  fullTranscript(): TranscriptItem[] {
    return [...(this.previous?.fullTranscript() ?? []), ...this.items];
  }
}
