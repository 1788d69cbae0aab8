import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { ParticipantRef } from "../chat/chat-registry.ts";
import { eventContentTypes } from "../chat/transcript-item.ts";
import type { EmulatorState } from "../emulator-state.ts";

// At most 5 open websockets per participant (archived admin guide, feature-limits).
const maxSocketsPerParticipant = 5;

interface OpenSocket {
  readonly socket: WebSocket;
  readonly contactId: string;
  readonly participantId: string;
  unsubscribe?: () => void;
}

/** The participant websocket of protocols.md §4.1: subscribe, heartbeat, ping, data, end. */
export interface SocketFilter {
  readonly contactId?: string;
  readonly participantId?: string;
}

export class ParticipantWebsocket {
  private readonly wss = new WebSocketServer({ noServer: true });
  readonly open = new Set<OpenSocket>();

  constructor(private readonly state: EmulatorState) {}

  attach(server: Server): void {
    server.on("upgrade", (req, socket, head) => this.upgrade(req, socket, head));
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let ref: ParticipantRef & { connectionToken: string };
    try {
      if (url.pathname !== "/connect/websocket") throw new Error("not found");
      ref = this.state.chats.redeemWebsocket(url.searchParams.get("AuthToken") ?? "");
    } catch {
      socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const count = [...this.open].filter(
      (s) => s.participantId === ref.participant.participantId,
    ).length;
    if (count >= maxSocketsPerParticipant) {
      socket.end("HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws, ref));
  }

  private serve(ws: WebSocket, ref: ParticipantRef & { connectionToken: string }): void {
    const entry: OpenSocket = {
      socket: ws,
      contactId: ref.room.contactId,
      participantId: ref.participant.participantId,
    };
    this.open.add(entry);
    const expiresAt =
      this.state.chats.connectionExpiry(ref.connectionToken) ?? this.state.clock.now();
    const expiry = this.state.clock.setTimeout(
      () => ws.close(1000, "Connection expired"),
      expiresAt - this.state.clock.now(),
    );
    ws.on("close", () => {
      entry.unsubscribe?.();
      this.state.clock.clearTimeout(expiry);
      this.open.delete(entry);
    });
    ws.on("message", (data) => this.onFrame(entry, ref, String(data)));
  }

  private onFrame(entry: OpenSocket, ref: ParticipantRef, text: string): void {
    let frame: { topic?: unknown; content?: { topics?: unknown } };
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    const send = (payload: unknown) => entry.socket.send(JSON.stringify(payload));
    if (frame.topic === "aws/heartbeat") send({ topic: "aws/heartbeat" });
    else if (frame.topic === "aws/ping")
      send({ topic: "aws/ping", statusCode: 200, statusContent: "OK" });
    else if (frame.topic === "aws/subscribe") {
      const topics = Array.isArray(frame.content?.topics) ? frame.content.topics : [];
      const ok = topics.length === 1 && topics[0] === "aws/chat";
      send({ topic: "aws/subscribe", content: { status: ok ? "success" : "failure", topics } });
      if (ok && !entry.unsubscribe) this.forward(entry, ref);
    }
  }

  private forward(entry: OpenSocket, ref: ParticipantRef): void {
    entry.unsubscribe = ref.room.subscribe((item) => {
      if (entry.socket.readyState !== entry.socket.OPEN) return;
      entry.socket.send(
        JSON.stringify({
          topic: "aws/chat",
          contentType: "application/json",
          content: JSON.stringify(item),
        }),
      );
      if (item.ContentType === eventContentTypes.chatEnded) entry.socket.close(1000, "Chat ended");
    });
  }

  /** How many sockets matching the filter are open. */
  count(filter: SocketFilter = {}): number {
    return this.#matching(filter).length;
  }

  /** Fault injection: cuts matching sockets without a close handshake. Returns how many. */
  drop(filter: SocketFilter = {}): number {
    const matching = this.#matching(filter);
    for (const entry of matching) entry.socket.terminate();
    return matching.length;
  }

  #matching(filter: SocketFilter) {
    return [...this.open].filter(
      (entry) =>
        (!filter.contactId || entry.contactId === filter.contactId) &&
        (!filter.participantId || entry.participantId === filter.participantId),
    );
  }

  close(): void {
    for (const entry of this.open) entry.socket.terminate();
    this.wss.close();
  }
}
