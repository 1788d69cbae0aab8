import { randomUUID } from "node:crypto";
import { ConnectParticipantClient } from "@aws-sdk/client-connectparticipant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectChatService } from "../../adapters/connect/connect-chat-service.ts";
import type { ChatItem } from "../../core/relay/chat-item.ts";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { sdkClients, testInstance } from "../../emulators/connect/test-support/clients.ts";
import {
  ParticipantSocket,
  type ParticipantSocketOptions,
  type SocketState,
} from "../../relay/websocket/participant-socket.ts";
import { until } from "../support/until.ts";

let emulator: ConnectEmulator;
let chats: ConnectChatService;
const sockets: ParticipantSocket[] = [];

beforeAll(async () => {
  emulator = await startConnectEmulator({ instance: testInstance });
  const { connect, participant } = sdkClients(emulator.url);
  chats = new ConnectChatService({ connect, participant });
});
afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.close()));
  await emulator.close();
});

function recordingLogger() {
  const lines: { level: string; message: string; extra: Record<string, unknown> }[] = [];
  const log = (level: string) => (message: string, extra: Record<string, unknown>) =>
    void lines.push({ level, message, extra });
  return { lines, warn: log("warn"), error: log("error") };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A started chat and a socket on it that records items, states and reconnects. */
async function heldChat(options: Partial<ParticipantSocketOptions> = {}) {
  const chat = await chats.startChat({
    instanceId: testInstance.instanceId,
    contactFlowId: testInstance.flows[0]?.id ?? "",
    displayName: "Sam",
    attributes: {},
    clientToken: randomUUID(),
  });
  const items: ChatItem[] = [];
  const states: SocketState[] = [];
  const reconnected: string[] = [];
  const logger = recordingLogger();
  const socket = new ParticipantSocket({
    chatContactId: chat.contactId,
    participantToken: chat.participantToken,
    connect: (o) => chats.connect(o),
    onItem: (item) => void items.push(item),
    onReconnected: ({ connectionToken }) => void reconnected.push(connectionToken),
    onStateChange: (state) => void states.push(state),
    logger,
    ...options,
  });
  sockets.push(socket);
  await socket.start();
  const messages = () => items.filter((item) => item.type === "MESSAGE");
  const say = (text: string) => emulator.control.customerSend(chat.contactId, text);
  return { chat, socket, items, messages, states, reconnected, logger, say };
}

describe("participant websocket against the Connect emulator", () => {
  it("opens through connecting and subscribing, then hands items on in arrival order", async () => {
    let running = 0;
    let overlapped = false;
    const handled: string[] = [];
    const held = await heldChat({
      // A slow, uneven handler: items must still be handled one at a time, in order.
      onItem: async (item) => {
        overlapped ||= running > 0;
        running++;
        await sleep(Math.floor(Math.random() * 8));
        if (item.type === "MESSAGE") handled.push(item.content ?? "");
        running--;
      },
    });
    expect(held.states).toEqual(["connecting", "subscribing", "open"]);
    const sent = Array.from({ length: 25 }, (_, i) => `message ${i}`);
    for (const text of sent) held.say(text);
    await until(() => handled.length === sent.length);
    expect(handled).toEqual(sent);
    expect(overlapped).toBe(false);
  });

  it("parses the websocket items as the customer may see them", async () => {
    const held = await heldChat();
    const posted = held.say("hello");
    await until(() => held.messages().length === 1);
    expect(held.messages()[0]).toEqual({
      id: posted.Id,
      type: "MESSAGE",
      contentType: "text/plain",
      content: "hello",
      participantRole: "CUSTOMER",
      displayName: "Sam",
      contactId: held.chat.contactId,
      initialContactId: held.chat.contactId,
      absoluteTime: posted.AbsoluteTime,
      visibility: "ALL",
    });
  });

  it("keeps the socket open while heartbeats are answered", async () => {
    const held = await heldChat({ timing: { heartbeatMs: 20 } });
    await sleep(300);
    expect(held.socket.stats.heartbeatsAnswered).toBeGreaterThanOrEqual(8);
    expect(held.socket.state).toBe("open");
    expect(held.socket.stats.reconnects).toBe(0);
    expect(held.logger.lines).toEqual([]);
  });

  it("reconnects when the emulator cuts the socket, then lets the owner catch up", async () => {
    const caughtUp: string[] = [];
    const held: Awaited<ReturnType<typeof heldChat>> = await heldChat({
      timing: { backoffBaseMs: 10 },
      onReconnected: async ({ connectionToken }) => {
        const last = held.messages().at(-1)?.id;
        const page = await chats.getTranscript({
          connectionToken,
          contactId: held.chat.contactId,
          ...(last ? { after: last } : {}),
        });
        for (const entry of page.entries) {
          if (entry.type === "MESSAGE") caughtUp.push(entry.content ?? "");
        }
      },
    });
    held.say("before");
    await until(() => held.messages().length === 1);
    expect(emulator.control.dropWebsockets({ contactId: held.chat.contactId })).toBe(1);
    held.say("while away");
    await until(() => held.socket.state === "open" && caughtUp.length > 0);
    held.say("after");
    await until(() => held.messages().length === 2);
    expect(held.messages().map((item) => item.content)).toEqual(["before", "after"]);
    expect(caughtUp).toEqual(["while away"]);
    expect(held.socket.stats.reconnects).toBe(1);
    expect(held.states.slice(-2)).toEqual(["reconnecting", "open"]);
    expect(held.logger.lines.map((line) => line.message)).toContain(
      "participant websocket lost; reconnecting",
    );
  });

  it("retries a refused reconnect with backoff, logging each retry", async () => {
    // One SDK attempt per call, so each emulator fault is one failed connect.
    const participant = new ConnectParticipantClient({
      endpoint: emulator.url,
      region: "eu-west-2",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
      maxAttempts: 1,
    });
    const single = new ConnectChatService({
      connect: sdkClients(emulator.url).connect,
      participant,
    });
    const held = await heldChat({
      connect: (o) => single.connect(o),
      timing: { backoffBaseMs: 20, backoffMaxMs: 40 },
    });
    emulator.control.setFault("CreateParticipantConnection", { serverErrorTimes: 3 });
    emulator.control.dropWebsockets({ contactId: held.chat.contactId });
    await until(() => held.reconnected.length === 1);
    const retries = held.logger.lines.filter((line) => line.message.includes("retrying"));
    expect(retries.map((line) => line.extra.attempt)).toEqual([1, 2, 3]);
    const delays = retries.map((line) => Number(line.extra.delayMs));
    expect(delays[0]).toBeGreaterThanOrEqual(10);
    expect(delays[0]).toBeLessThanOrEqual(20);
    expect(delays[2]).toBeGreaterThanOrEqual(20);
    expect(delays[2]).toBeLessThanOrEqual(40);
    expect(held.socket.state).toBe("open");
    participant.destroy();
  });

  it("swaps in a fresh socket before the connection expires without losing or repeating items", async () => {
    // Connection tokens last a day; here each one is taken to expire 150 ms after it is
    // issued, so with a 50 ms margin a fresh socket replaces the old one every ~100 ms.
    const held = await heldChat({
      connect: async (o) => ({
        ...(await chats.connect(o)),
        connectionExpiresAt: new Date(Date.now() + 150),
      }),
      timing: { refreshMarginMs: 50 },
    });
    const sent: string[] = [];
    for (let i = 0; i < 80; i++) {
      sent.push(held.say(`m${i}`).Id);
      await sleep(8);
    }
    await until(() => held.messages().length >= sent.length);
    await sleep(50);
    expect(held.socket.stats.refreshes).toBeGreaterThanOrEqual(3);
    expect(held.messages().map((item) => item.id)).toEqual(sent);
    expect(held.socket.stats.reconnects).toBe(0);
    expect(held.reconnected).toEqual([]);
    // The old sockets are closed: only the one in use stays open on the server. A swap may
    // be under way at this instant (two open for a moment), so the count is awaited.
    await until(() => emulator.control.openWebsockets({ contactId: held.chat.contactId }) === 1);
    expect(emulator.control.openWebsockets({ contactId: held.chat.contactId })).toBe(1);
  });

  it("hands on chat.ended, then closes without reconnecting", async () => {
    let closedWith: string | undefined;
    const held = await heldChat({
      onClosed: (reason) => {
        closedWith = reason;
      },
    });
    held.say("bye");
    emulator.control.hangUp(held.chat.contactId);
    await until(() => held.socket.state === "closed");
    expect(closedWith).toBe("ended");
    expect(held.items.at(-1)?.contentType).toBe(
      "application/vnd.amazonaws.connect.event.chat.ended",
    );
    expect(held.messages().map((item) => item.content)).toEqual(["bye"]);
    expect(held.states.slice(-2)).toEqual(["draining", "closed"]);
    expect(held.socket.stats.reconnects).toBe(0);
  });
});
