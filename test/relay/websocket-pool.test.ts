import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectChatService } from "../../adapters/connect/connect-chat-service.ts";
import type { ChatItem } from "../../core/relay/chat-item.ts";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { sdkClients, testInstance } from "../../emulators/connect/test-support/clients.ts";
import {
  runWebsocketRelay,
  type WebsocketRelayOptions,
} from "../../relay/websocket/run-websocket-relay.ts";
import type { DrainResult } from "../../relay/websocket/socket-pool.ts";
import { until } from "../support/until.ts";

let emulator: ConnectEmulator;
let chats: ConnectChatService;

beforeAll(async () => {
  emulator = await startConnectEmulator({ instance: testInstance });
  const { connect, participant } = sdkClients(emulator.url);
  chats = new ConnectChatService({ connect, participant });
});
afterAll(async () => {
  await emulator.close();
});

const startChat = () =>
  chats.startChat({
    instanceId: testInstance.instanceId,
    contactFlowId: testInstance.flows[0]?.id ?? "",
    displayName: "Sam",
    attributes: {},
    clientToken: randomUUID(),
  });

/** A relay on a fake signal source, recording what it handed on and how it drained. */
function relay(options: Partial<WebsocketRelayOptions> = {}) {
  const signals = new EventEmitter();
  const handled: { chatContactId: string; item: ChatItem }[] = [];
  const closed: { chatContactId: string; reason: string }[] = [];
  let drained: DrainResult | undefined;
  const running = runWebsocketRelay({
    signals,
    drainTimeoutMs: 2_000,
    connect: (o) => chats.connect(o),
    onItem: (item, chatContactId) => void handled.push({ chatContactId, item }),
    onClosed: (chatContactId, reason) => void closed.push({ chatContactId, reason }),
    onDrained: (result) => {
      drained = result;
    },
    logger: { warn: () => undefined, error: () => undefined },
    ...options,
  });
  return {
    signals,
    handled,
    closed,
    pool: running.pool,
    stop: running.stop,
    drained: () => drained,
  };
}

describe("socket pool", () => {
  it("holds one socket per conversation and routes each item to its conversation", async () => {
    const { pool, handled, stop } = relay();
    const [a, b] = await Promise.all([startChat(), startChat()]);
    if (!a || !b) throw new Error("chats did not start");
    await Promise.all([a, b].map((chat) => pool.hold({ chatContactId: chat.contactId, ...chat })));
    await pool.hold({ chatContactId: a.contactId, participantToken: a.participantToken });
    expect(pool.size).toBe(2);
    expect(pool.counts()).toEqual({
      idle: 0,
      connecting: 0,
      subscribing: 0,
      open: 2,
      reconnecting: 0,
      draining: 0,
    });
    emulator.control.customerSend(a.contactId, "for a");
    emulator.control.customerSend(b.contactId, "for b");
    await until(() => handled.filter((h) => h.item.type === "MESSAGE").length === 2);
    const routed = handled
      .filter((h) => h.item.type === "MESSAGE")
      .map((h) => [h.chatContactId, h.item.content]);
    expect(routed).toEqual(
      expect.arrayContaining([
        [a.contactId, "for a"],
        [b.contactId, "for b"],
      ]),
    );
    await stop();
  });

  it("lets a conversation go when its chat ends or it is released", async () => {
    const { pool, closed, stop } = relay();
    const [ending, released] = await Promise.all([startChat(), startChat()]);
    if (!ending || !released) throw new Error("chats did not start");
    await pool.hold({ chatContactId: ending.contactId, ...ending });
    await pool.hold({ chatContactId: released.contactId, ...released });
    emulator.control.hangUp(ending.contactId);
    await pool.release(released.contactId);
    await until(() => closed.length === 2);
    expect(closed).toEqual(
      expect.arrayContaining([
        { chatContactId: ending.contactId, reason: "ended" },
        { chatContactId: released.contactId, reason: "released" },
      ]),
    );
    expect(pool.size).toBe(0);
    expect(emulator.control.dropWebsockets({ contactId: released.contactId })).toBe(0);
    await stop();
  });

  it("drains on SIGTERM: stops accepting, waits for in-flight items, closes every socket", async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inFlight = 0;
    let finished = 0;
    const world = relay({
      onItem: async (item) => {
        if (item.type !== "MESSAGE") return;
        inFlight++;
        await blocked;
        finished++;
      },
    });
    const started = await Promise.all([startChat(), startChat(), startChat()]);
    await Promise.all(
      started.map((chat) => world.pool.hold({ chatContactId: chat.contactId, ...chat })),
    );
    const busy = started[0]?.contactId ?? "";
    emulator.control.customerSend(busy, "one");
    emulator.control.customerSend(busy, "two");
    await until(() => inFlight === 1);

    world.signals.emit("SIGTERM");
    await until(() => world.pool.counts().draining > 0);
    const late = await startChat();
    await expect(world.pool.hold({ chatContactId: late.contactId, ...late })).rejects.toThrow(
      /draining/,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(world.drained()).toBeUndefined();

    release();
    await until(() => world.drained() !== undefined);
    expect(world.drained()).toEqual({ closed: 3, unfinished: 0 });
    expect(finished).toBe(2);
    expect(world.pool.size).toBe(0);
    for (const chat of started) {
      expect(emulator.control.dropWebsockets({ contactId: chat.contactId })).toBe(0);
    }
  });

  it("stops waiting for a handler that never finishes once the drain time is up", async () => {
    const world = relay({ drainTimeoutMs: 100, onItem: () => new Promise<void>(() => undefined) });
    const chat = await startChat();
    await world.pool.hold({ chatContactId: chat.contactId, ...chat });
    emulator.control.customerSend(chat.contactId, "stuck");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const startedAt = Date.now();
    expect(await world.stop()).toEqual({ closed: 0, unfinished: 1 });
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    // The socket itself was closed; only the handler is still running.
    expect(emulator.control.dropWebsockets({ contactId: chat.contactId })).toBe(0);
  });
});
