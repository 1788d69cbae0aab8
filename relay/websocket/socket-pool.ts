import type { ChatService } from "../../core/ports/chat-service.ts";
import type { ChatItem } from "../../core/relay/chat-item.ts";
import type { RelayLogger } from "../relay-logger.ts";
import { type CloseReason, ParticipantSocket, type SocketState } from "./participant-socket.ts";
import type { SocketTiming } from "./socket-timing.ts";

export interface SocketPoolOptions {
  /** ChatService.connect, called for every new socket (first, reconnect and refresh). */
  readonly connect: ChatService["connect"];
  /** One conversation's items arrive one at a time, in order; conversations run side by side. */
  readonly onItem: (item: ChatItem, chatContactId: string) => Promise<void> | void;
  /** After a reconnect: catch up on what the conversation missed while disconnected. */
  readonly onReconnected?: (
    chatContactId: string,
    connection: { connectionToken: string },
  ) => Promise<void> | void;
  /** A conversation left the pool: its chat ended, it was released, or it was given up. */
  readonly onClosed?: (chatContactId: string, reason: CloseReason) => void;
  readonly logger: RelayLogger;
  readonly timing?: Partial<SocketTiming>;
  readonly random?: () => number;
}

export interface DrainResult {
  /** Conversations closed cleanly within the time allowed. */
  readonly closed: number;
  /** Conversations still busy when the time ran out. */
  readonly unfinished: number;
}

/** The states a held conversation can be in (a closed one is no longer held). */
export type HeldState = Exclude<SocketState, "closed">;

const HELD_STATES: readonly HeldState[] = [
  "idle",
  "connecting",
  "subscribing",
  "open",
  "reconnecting",
  "draining",
];

/** Holds one participant websocket per live conversation. */
export class SocketPool {
  readonly #options: SocketPoolOptions;
  readonly #sockets = new Map<string, ParticipantSocket>();
  readonly #counts = new Map<HeldState, number>(HELD_STATES.map((state) => [state, 0]));
  #accepting = true;

  constructor(options: SocketPoolOptions) {
    this.#options = options;
  }

  /** Conversations held (any state but closed). */
  get size(): number {
    return this.#sockets.size;
  }

  /** How many held conversations are in each state. */
  counts(): Record<HeldState, number> {
    return Object.fromEntries(this.#counts) as Record<HeldState, number>;
  }

  /** The socket of a conversation, if held. */
  get(chatContactId: string): ParticipantSocket | undefined {
    return this.#sockets.get(chatContactId);
  }

  /**
   * Starts holding a conversation; resolves once its socket is open and subscribed, rejects
   * if it cannot be opened. Holding a held conversation again changes nothing.
   */
  hold(conversation: { chatContactId: string; participantToken: string }): Promise<void> {
    if (!this.#accepting) return Promise.reject(new Error("the socket pool is draining"));
    if (this.#sockets.has(conversation.chatContactId)) return Promise.resolve();
    const socket = this.#create(conversation);
    this.#sockets.set(conversation.chatContactId, socket);
    this.#count("idle", +1);
    return socket.start();
  }

  /**
   * Runs `task` in a conversation's queue, in order with its items: e.g. a transcript
   * catch-up once `hold` has resolved after a restart. Resolves at once if not held.
   */
  async enqueue(chatContactId: string, task: () => Promise<void> | void): Promise<void> {
    await this.#sockets.get(chatContactId)?.enqueue(task);
  }

  /** Stops holding a conversation: its queued items are handed on, then its socket closed. */
  async release(chatContactId: string): Promise<void> {
    await this.#sockets.get(chatContactId)?.close();
  }

  /**
   * Stops accepting conversations, lets queued items be handed on and closes every socket
   * cleanly; resolves when all are closed or `timeoutMs` has passed.
   */
  async drain(options: { timeoutMs: number }): Promise<DrainResult> {
    this.#accepting = false;
    const sockets = [...this.#sockets.values()];
    let closed = 0;
    const all = Promise.all(
      sockets.map(async (socket) => {
        await socket.close();
        closed++;
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.timeoutMs);
    });
    await Promise.race([all, timeout]);
    clearTimeout(timer);
    return { closed, unfinished: sockets.length - closed };
  }

  #create(conversation: { chatContactId: string; participantToken: string }) {
    const { chatContactId } = conversation;
    const { onItem, onReconnected, onClosed } = this.#options;
    return new ParticipantSocket({
      chatContactId,
      participantToken: conversation.participantToken,
      connect: this.#options.connect,
      logger: this.#options.logger,
      onItem: (item) => onItem(item, chatContactId),
      ...(onReconnected
        ? { onReconnected: (connection) => onReconnected(chatContactId, connection) }
        : {}),
      onStateChange: (state, previous) => {
        if (previous !== "closed") this.#count(previous, -1);
        if (state !== "closed") this.#count(state, +1);
      },
      onClosed: (reason) => {
        this.#sockets.delete(chatContactId);
        onClosed?.(chatContactId, reason);
      },
      ...(this.#options.timing ? { timing: this.#options.timing } : {}),
      ...(this.#options.random ? { random: this.#options.random } : {}),
    });
  }

  #count(state: HeldState, delta: number): void {
    this.#counts.set(state, (this.#counts.get(state) ?? 0) + delta);
  }
}
