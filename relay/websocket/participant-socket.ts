import { DeflectError, DependencyFailedError } from "../../core/errors.ts";
import type { ChatService } from "../../core/ports/chat-service.ts";
import { CHAT_EVENT, type ChatItem } from "../../core/relay/chat-item.ts";
import type { RelayLogger } from "../relay-logger.ts";
import { backoffDelayMs, Sleeper, withTimeout } from "./backoff.ts";
import { ItemQueue } from "./item-queue.ts";
import { SocketLink, type SocketLinkEvents } from "./socket-link.ts";
import { DEFAULT_SOCKET_TIMING, type SocketTiming } from "./socket-timing.ts";

export type SocketState =
  | "idle"
  | "connecting"
  | "subscribing"
  | "open"
  | "reconnecting"
  | "draining"
  | "closed";

/** Why a conversation's socket closed for good. */
export type CloseReason = "ended" | "released" | "gave-up" | "refused";

export interface ParticipantSocketOptions {
  readonly chatContactId: string;
  readonly participantToken: string;
  /** ChatService.connect: a fresh connection token and websocket URL. */
  readonly connect: ChatService["connect"];
  /** Each item once, one at a time, in arrival order. */
  readonly onItem: (item: ChatItem) => Promise<void> | void;
  /** After a reconnect, queued behind earlier items: the place to catch up on missed ones. */
  readonly onReconnected?: (connection: { connectionToken: string }) => Promise<void> | void;
  readonly onStateChange?: (state: SocketState, previous: SocketState) => void;
  readonly onClosed?: (reason: CloseReason) => void;
  readonly logger: RelayLogger;
  readonly timing?: Partial<SocketTiming>;
  readonly random?: () => number;
}

/**
 * One conversation's participant websocket (protocols.md §4.1): connects, re-subscribes with
 * backoff when the socket is lost, swaps in a fresh socket before the connection expires, and
 * stops after handing on chat.ended.
 */
export class ParticipantSocket {
  readonly stats = { reconnects: 0, refreshes: 0, heartbeatsAnswered: 0, duplicates: 0 };
  readonly #options: ParticipantSocketOptions;
  readonly #timing: SocketTiming;
  readonly #queue: ItemQueue;
  #state: SocketState = "idle";
  #link: SocketLink | undefined;
  #connectionToken: string | undefined;
  #expiresAt = 0;
  #refreshTimer: NodeJS.Timeout | undefined;
  #stopping = false;
  #ended = false;
  readonly #sleeper = new Sleeper();
  #opening: Promise<unknown> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: ParticipantSocketOptions) {
    this.#options = options;
    this.#timing = { ...DEFAULT_SOCKET_TIMING, ...options.timing };
    this.#queue = new ItemQueue({
      rememberIds: this.#timing.rememberItemIds,
      onError: (error) => this.#log("error", "handling a websocket chat item failed", error),
    });
  }

  get state(): SocketState {
    return this.#state;
  }

  /** The connection token of the socket in use, for REST calls such as GetTranscript. */
  get connectionToken(): string | undefined {
    return this.#connectionToken;
  }

  /** Opens and subscribes; rejects if every attempt fails or Connect refuses the token. */
  async start(): Promise<void> {
    if (this.#state !== "idle") return;
    this.#setState("connecting");
    const link = await this.#establish();
    if (!link) {
      if (this.#closing) return;
      throw new DependencyFailedError(`could not open the websocket of ${this.#id}`);
    }
    this.#installLink(link);
  }

  /** Runs `task` in this conversation's queue, after the items already queued. */
  enqueue(task: () => Promise<void> | void): Promise<void> {
    return this.#queue.push(task);
  }

  /** Closes the socket cleanly once queued items are handed on; no reconnect after this. */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown("released");
    return this.#closing;
  }

  get #id(): string {
    return this.#options.chatContactId;
  }

  async #shutDown(reason: CloseReason): Promise<void> {
    if (this.#state === "closed") return;
    this.#stopping = true;
    this.#setState("draining");
    clearTimeout(this.#refreshTimer);
    this.#sleeper.wake();
    const link = this.#link;
    this.#link = undefined;
    await link?.close();
    await this.#opening?.catch(() => undefined);
    await this.#queue.idle();
    this.#finish(reason);
  }

  /** Connect attempts with backoff; undefined when stopping or given up (then closed). */
  async #establish(): Promise<SocketLink | undefined> {
    for (let attempt = 1; ; attempt++) {
      if (this.#stopping) return undefined;
      try {
        const opening = this.#openLink();
        this.#opening = opening;
        return await opening;
      } catch (error) {
        if (this.#stopping) return undefined;
        // Connect refused the participant token: the chat is over or the token is wrong.
        const refused = error instanceof DeflectError && error.code === "INVALID_INPUT";
        if (refused || attempt >= this.#timing.maxConnectAttempts) {
          this.#log("error", "giving up the participant websocket", error, { attempt });
          this.#stopping = true;
          this.#finish(refused ? "refused" : "gave-up");
          return undefined;
        }
        const delayMs = this.#backoffMs(attempt - 1);
        this.#log("warn", "participant websocket connect failed; retrying", error, {
          attempt,
          delayMs,
        });
        await this.#sleeper.sleep(delayMs);
      }
    }
  }

  async #openLink(): Promise<SocketLink> {
    const connection = await withTimeout(
      this.#options.connect({ participantToken: this.#options.participantToken, websocket: true }),
      this.#timing.subscribeTimeoutMs,
    );
    if (!connection.websocketUrl) {
      throw new DependencyFailedError("CreateParticipantConnection returned no websocket URL");
    }
    const holder: { link?: SocketLink } = {};
    const link = await SocketLink.open({
      url: connection.websocketUrl,
      heartbeatMs: this.#timing.heartbeatMs,
      subscribeTimeoutMs: this.#timing.subscribeTimeoutMs,
      events: this.#eventsFor(holder),
      onOpen: () => {
        if (this.#state === "connecting") this.#setState("subscribing");
      },
    });
    holder.link = link;
    if (this.#stopping) {
      await link.close();
      throw new Error("stopping");
    }
    this.#connectionToken = connection.connectionToken;
    this.#expiresAt = connection.connectionExpiresAt.getTime();
    return link;
  }

  #eventsFor(holder: { link?: SocketLink }): SocketLinkEvents {
    return {
      onItem: (item) => this.#accept(item),
      onLost: (reason) => this.#onLost(holder.link, reason),
      onHeartbeat: () => {
        this.stats.heartbeatsAnswered++;
      },
      onBadFrame: (error) => this.#log("warn", "ignored a malformed websocket frame", error),
    };
  }

  #installLink(link: SocketLink): void {
    this.#link = link;
    this.#setState("open");
    this.#scheduleRefresh();
  }

  #accept(item: ChatItem): void {
    if (this.#ended) return;
    if (!this.#queue.pushItem(item, this.#options.onItem)) {
      this.stats.duplicates++;
      return;
    }
    if (item.contentType !== CHAT_EVENT.chatEnded) return;
    // protocols.md §4.1 step 5: nothing follows chat.ended; stop once it has been handed on.
    this.#ended = true;
    this.#closing ??= this.#shutDown("ended");
  }

  #onLost(link: SocketLink | undefined, reason: string): void {
    if (!link || link !== this.#link || this.#stopping) return;
    this.#link = undefined;
    this.#options.logger.warn("participant websocket lost; reconnecting", {
      chatContactId: this.#id,
      reason,
    });
    void this.#reconnect();
  }

  async #reconnect(): Promise<void> {
    this.#setState("reconnecting");
    clearTimeout(this.#refreshTimer);
    const link = await this.#establish();
    if (!link) return;
    this.stats.reconnects++;
    this.#installLink(link);
    const connectionToken = this.#connectionToken ?? "";
    void this.#queue.push(() => this.#options.onReconnected?.({ connectionToken }));
  }

  // protocols.md §4.1 step 6: before the connection expires, open and subscribe a second
  // socket, then close the first; both deliver meanwhile and the queue drops the copies.
  #scheduleRefresh(attempt = 0): void {
    clearTimeout(this.#refreshTimer);
    // A connection shorter-lived than the margin is refreshed half-way, not in a tight loop.
    const lifetimeMs = this.#expiresAt - Date.now();
    const dueInMs =
      attempt === 0
        ? Math.max(lifetimeMs - this.#timing.refreshMarginMs, lifetimeMs / 2)
        : this.#backoffMs(attempt - 1);
    const delayMs = Math.min(Math.max(0, dueInMs), 2 ** 31 - 1);
    this.#refreshTimer = setTimeout(() => void this.#refresh(attempt), delayMs);
  }

  async #refresh(attempt: number): Promise<void> {
    if (this.#state !== "open") return;
    try {
      const opening = this.#openLink();
      this.#opening = opening;
      const link = await opening;
      if (this.#state !== "open") return void (await link.close());
      const old = this.#link;
      this.#link = link;
      this.stats.refreshes++;
      this.#scheduleRefresh();
      await old?.close();
    } catch (error) {
      if (this.#state !== "open") return;
      // The old socket still serves; if it expires first, the lost path reconnects.
      this.#log("warn", "refreshing the participant websocket failed; retrying", error, {
        attempt: attempt + 1,
      });
      this.#scheduleRefresh(attempt + 1);
    }
  }

  #backoffMs(retry: number): number {
    return backoffDelayMs(retry, {
      baseMs: this.#timing.backoffBaseMs,
      maxMs: this.#timing.backoffMaxMs,
      ...(this.#options.random ? { random: this.#options.random } : {}),
    });
  }

  #finish(reason: CloseReason): void {
    if (this.#state === "closed") return;
    clearTimeout(this.#refreshTimer);
    this.#setState("closed");
    this.#options.onClosed?.(reason);
  }

  #setState(state: SocketState): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.#options.onStateChange?.(state, previous);
  }

  #log(
    level: "warn" | "error",
    message: string,
    error: unknown,
    extra: Record<string, unknown> = {},
  ): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.#options.logger[level](message, { chatContactId: this.#id, error: reason, ...extra });
  }
}
