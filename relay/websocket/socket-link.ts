import WebSocket from "ws";
import type { ChatItem } from "../../core/relay/chat-item.ts";
import { HEARTBEAT_FRAME, parseServerFrame, SUBSCRIBE_FRAME } from "./websocket-frames.ts";

export interface SocketLinkEvents {
  readonly onItem: (item: ChatItem) => void;
  /** A subscribed socket failed: closed or cut by the server, or a heartbeat went unanswered. */
  readonly onLost: (reason: string) => void;
  readonly onHeartbeat: () => void;
  readonly onBadFrame: (error: unknown) => void;
}

export interface OpenLinkOptions {
  readonly url: string;
  readonly heartbeatMs: number;
  /** How long the socket may take to open and acknowledge the subscription. */
  readonly subscribeTimeoutMs: number;
  readonly events: SocketLinkEvents;
  /** The socket is open and the subscribe frame sent. */
  readonly onOpen?: () => void;
}

// How long a clean close may wait for the server's close frame before the socket is cut.
const CLOSE_WAIT_MS = 2_000;

/** One subscribed participant websocket (protocols.md §4.1): subscribe, heartbeat, frames. */
export class SocketLink {
  readonly #ws: WebSocket;
  readonly #options: OpenLinkOptions;
  #heartbeat: NodeJS.Timeout | undefined;
  #awaitingHeartbeat = false;
  #done = false;
  #onSubscribed: ((ok: boolean, status: string) => void) | undefined;

  private constructor(ws: WebSocket, options: OpenLinkOptions) {
    this.#ws = ws;
    this.#options = options;
  }

  /** Opens the URL, subscribes to `aws/chat` and resolves once the server acknowledges. */
  static open(options: OpenLinkOptions): Promise<SocketLink> {
    return new Promise((resolve, reject) => {
      // Connect's frames are small JSON; compression would cost memory per socket.
      const ws = new WebSocket(options.url, { perMessageDeflate: false });
      const link = new SocketLink(ws, options);
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        link.#done = true;
        ws.terminate();
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(new Error(`no subscribe acknowledgement within ${options.subscribeTimeoutMs} ms`)),
        options.subscribeTimeoutMs,
      );
      link.#onSubscribed = (ok, status) => {
        if (!ok) return fail(new Error(`the subscription was refused (status ${status})`));
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        link.#startHeartbeat();
        resolve(link);
      };
      ws.once("open", () => {
        options.onOpen?.();
        ws.send(SUBSCRIBE_FRAME);
      });
      ws.on("message", (data) => link.#onMessage(String(data)));
      ws.on("error", (error) => fail(error));
      ws.on("close", (code) => {
        if (!settled) fail(new Error(`the socket closed before subscribing (code ${code})`));
        else link.#lost(`the socket closed (code ${code})`);
      });
    });
  }

  /** Closes the socket with a close handshake; cuts it if the server does not answer. */
  close(): Promise<void> {
    this.#done = true;
    this.#stopHeartbeat();
    if (this.#ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const cut = setTimeout(() => this.#ws.terminate(), CLOSE_WAIT_MS);
      this.#ws.once("close", () => {
        clearTimeout(cut);
        resolve();
      });
      this.#ws.close(1000);
    });
  }

  #onMessage(data: string): void {
    let frame: ReturnType<typeof parseServerFrame>;
    try {
      frame = parseServerFrame(data);
    } catch (error) {
      this.#options.events.onBadFrame(error);
      return;
    }
    // Items still arriving during a close handshake are kept: the owner drops repeats.
    if (frame.kind === "item") {
      this.#options.events.onItem(frame.item);
    } else if (frame.kind === "heartbeat") {
      this.#awaitingHeartbeat = false;
      this.#options.events.onHeartbeat();
    } else if (frame.kind === "subscribed") {
      this.#onSubscribed?.(frame.ok, frame.status);
    }
  }

  // protocols.md §4.1 step 3: a heartbeat still unanswered when the next is due means the
  // socket is dead, whatever TCP says.
  #startHeartbeat(): void {
    this.#heartbeat = setInterval(() => {
      if (this.#awaitingHeartbeat) return this.#lost("the previous heartbeat went unanswered");
      this.#awaitingHeartbeat = true;
      this.#ws.send(HEARTBEAT_FRAME);
    }, this.#options.heartbeatMs);
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  #lost(reason: string): void {
    if (this.#done) return;
    this.#done = true;
    this.#stopHeartbeat();
    this.#ws.terminate();
    this.#options.events.onLost(reason);
  }
}
