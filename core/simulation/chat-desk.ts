import type { EventQueue } from "./event-queue.ts";
import type { ChatModel } from "./queue-scenario.ts";
import { exponential, type Random } from "./random.ts";

/** What the chat side did with the chats of measured calls. */
export interface ChatTotals {
  chats: number;
  answered: number;
  waited: number;
  waitSeconds: number;
  handleSeconds: number;
}

/**
 * The chat queue accepting callers land on: agents each take `concurrency` chats at once,
 * first come first served, and customers in chat do not give up (they wrote, they wait).
 */
export class ChatDesk {
  readonly totals: ChatTotals = {
    chats: 0,
    answered: 0,
    waited: 0,
    waitSeconds: 0,
    handleSeconds: 0,
  };
  readonly #slots: number;
  readonly #handleSeconds: number;
  readonly #events: EventQueue;
  readonly #random: Random;
  readonly #doneEvent: number;
  readonly #queue: { at: number; measured: boolean }[] = [];
  #head = 0;
  #busy = 0;

  constructor(options: {
    model: ChatModel;
    events: EventQueue;
    random: Random;
    doneEvent: number;
  }) {
    this.#slots = options.model.agents * options.model.concurrency;
    this.#handleSeconds = options.model.handleSeconds;
    this.#events = options.events;
    this.#random = options.random;
    this.#doneEvent = options.doneEvent;
  }

  arrive(options: { now: number; measured: boolean }): void {
    if (options.measured) this.totals.chats++;
    if (this.#busy < this.#slots) this.#start({ at: options.now, ...options });
    else this.#queue.push({ at: options.now, measured: options.measured });
  }

  complete(now: number): void {
    this.#busy--;
    const next = this.#queue[this.#head];
    if (next && this.#busy < this.#slots) {
      this.#head++;
      this.#start({ now, ...next });
    }
  }

  #start(chat: { now: number; at: number; measured: boolean }): void {
    this.#busy++;
    const handle = exponential(this.#random, this.#handleSeconds);
    this.#events.push(chat.now + handle, this.#doneEvent);
    if (!chat.measured) return;
    const wait = chat.now - chat.at;
    this.totals.answered++;
    this.totals.waitSeconds += wait;
    this.totals.handleSeconds += handle;
    if (wait > 0) this.totals.waited++;
  }
}
