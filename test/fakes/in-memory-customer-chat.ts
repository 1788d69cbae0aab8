import { InvalidInputError } from "../../core/errors.ts";
import type {
  ChatConnectionRecord,
  ChatConnectionStore,
} from "../../core/ports/chat-connection-store.ts";
import type {
  AttachmentLink,
  ChatService,
  TranscriptEntry,
  TranscriptPage,
} from "../../core/ports/chat-service.ts";
import type { RelayCursor, RelayCursorStore } from "../../core/ports/relay-cursor-store.ts";
import type { ChatItem } from "../../core/relay/chat-item.ts";

const PAGE_SIZE = 3;

/**
 * The customer's side of Connect chats as the relay reads them: a transcript per chat, read
 * oldest first in small pages (so paging is exercised), and the customer's stored connection.
 */
export class InMemoryCustomerChat
  implements
    Pick<ChatService, "getTranscript" | "connect" | "getAttachmentLink">,
    Pick<ChatConnectionStore, "getConnection" | "saveConnection">,
    RelayCursorStore
{
  readonly #transcripts = new Map<string, TranscriptEntry[]>();
  readonly #connections = new Map<string, ChatConnectionRecord>();
  readonly #cursors = new Map<string, RelayCursor>();
  readonly #announced = new Map<string, string>();
  readonly #attachmentSizes = new Map<string, number>();
  /** The attachment ids the relay asked links for, in order. */
  readonly linksGiven: string[] = [];
  #time = Date.UTC(2026, 10, 22, 9);
  transcriptReads = 0;

  /** Adds a chat whose customer connection is stored, as resume leaves it. */
  openChat(chatContactId: string): void {
    this.#transcripts.set(chatContactId, []);
    this.#connections.set(chatContactId, {
      chatContactId,
      voiceContactId: "voice-1",
      participantId: `p-${chatContactId}`,
      participantToken: `pt-${chatContactId}`,
      connectionToken: `ct-${chatContactId}`,
      connectionExpiresAt: "2099-01-01T00:00:00.000Z",
    });
  }

  /** Appends an item to its chat's transcript and returns it as the relay is notified of it. */
  post(item: ChatItem): ChatItem {
    const transcript = this.#transcripts.get(item.contactId);
    if (!transcript) throw new Error(`no chat ${item.contactId}`);
    this.#time += 1000;
    const absoluteTime = new Date(this.#time).toISOString();
    const { visibility: _visibility, ...entry } = item;
    transcript.push({ ...entry, absoluteTime });
    return { ...item, absoluteTime };
  }

  async getTranscript(options: {
    connectionToken: string;
    contactId: string;
    after?: string;
    nextToken?: string;
  }): Promise<TranscriptPage> {
    this.transcriptReads += 1;
    const transcript = this.#transcripts.get(options.contactId) ?? [];
    const from = options.nextToken
      ? Number(options.nextToken)
      : options.after
        ? transcript.findIndex((entry) => entry.id === options.after) + 1
        : 0;
    const entries = transcript.slice(from, from + PAGE_SIZE);
    const next = from + PAGE_SIZE;
    return { entries, ...(next < transcript.length ? { nextToken: String(next) } : {}) };
  }

  /** A file in the chat, downloadable by the customer participant. */
  storeAttachment(attachmentId: string, sizeInBytes: number): void {
    this.#attachmentSizes.set(attachmentId, sizeInBytes);
  }

  async getAttachmentLink(options: { attachmentId: string }): Promise<AttachmentLink> {
    const sizeInBytes = this.#attachmentSizes.get(options.attachmentId);
    if (sizeInBytes === undefined) {
      throw new InvalidInputError(`no attachment ${options.attachmentId}`);
    }
    this.linksGiven.push(options.attachmentId);
    return {
      url: `https://attachments.example/${options.attachmentId}?expires=300`,
      expiresAt: new Date(this.#time + 300_000),
      sizeInBytes,
    };
  }

  async connect(options: { participantToken: string }) {
    return {
      connectionToken: `ct-renewed-${options.participantToken}`,
      connectionExpiresAt: new Date("2099-01-01"),
    };
  }

  async getConnection(chatContactId: string) {
    return this.#connections.get(chatContactId);
  }

  async saveConnection(record: ChatConnectionRecord) {
    this.#connections.set(record.chatContactId, record);
  }

  async getCursor(chatContactId: string) {
    return this.#cursors.get(chatContactId);
  }

  async advanceCursor(chatContactId: string, cursor: RelayCursor) {
    const stored = this.#cursors.get(chatContactId);
    if (!stored || stored.absoluteTime < cursor.absoluteTime) {
      this.#cursors.set(chatContactId, cursor);
    }
  }

  async announceNext(chatContactId: string, next: RelayCursor, options: { notBefore: string }) {
    const cursor = this.#cursors.get(chatContactId)?.absoluteTime;
    const announced = this.#announced.get(chatContactId);
    const intact = announced === undefined || (cursor !== undefined && announced <= cursor);
    if (!cursor || cursor <= options.notBefore || cursor >= next.absoluteTime || !intact) {
      return false;
    }
    this.#announced.set(chatContactId, next.absoluteTime);
    return true;
  }

  async holdOrder(chatContactId: string, absoluteTime: string) {
    const announced = this.#announced.get(chatContactId);
    if (announced === undefined || announced < absoluteTime) {
      this.#announced.set(chatContactId, absoluteTime);
    }
  }
}
