import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunningWebsocketRelay } from "../../relay/websocket/websocket-relay.ts";
import { until } from "../support/until.ts";
import { startWebsocketRelayWorld, type WebsocketRelayWorld } from "./websocket-relay-world.ts";

let world: WebsocketRelayWorld;
let nextNumber = 100;
const customer = () => `+4479222${String(nextNumber++).padStart(5, "0")}`;
const running: RunningWebsocketRelay[] = [];
const CLOSING = "This chat has ended. Reply here any time to start a new one.";

beforeAll(async () => {
  world = await startWebsocketRelayWorld();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((relay) => relay.stop()));
});
afterAll(async () => {
  await world?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bodiesTo = (to: string) => world.twilio.sent({ to }).map((m) => m.body);

function startRelay(options: { watched?: boolean } = {}): RunningWebsocketRelay {
  const relay = world.startRelay(options);
  running.push(relay);
  return relay;
}

/** A listed chat, its socket open on `relay`, and the agent joined and caught up. */
async function liveChat(relay: RunningWebsocketRelay, options: { agent?: boolean } = {}) {
  const number = customer();
  const chat = await world.openChat(number);
  await until(() => relay.pool.get(chat.contactId)?.state === "open");
  if (options.agent !== false) {
    world.connect.control.agentAccept("alice", chat.contactId);
    await until(
      async () =>
        (await world.deps.sessions.findByChat(chat.contactId))?.status === "agent-connected",
    );
  }
  return { ...chat, number };
}

const agentSays = (contactId: string, text: string) =>
  world.connect.control.agentSend("alice", contactId, text).Id;

describe("relay in websocket mode, against the Connect and Twilio emulators", () => {
  it("relays a live agent message when nobody watches its outcomes, as the process runs", async () => {
    const relay = startRelay({ watched: false });
    const chat = await liveChat(relay);
    agentSays(chat.contactId, "Sent by the process itself");
    await until(() => bodiesTo(chat.number).includes("Sent by the process itself"));
    expect(bodiesTo(chat.number).filter((b) => b === "Sent by the process itself")).toHaveLength(1);
  });

  it("delivers an agent message to the customer's SMS once, also when its socket reconnects", async () => {
    const relay = startRelay();
    const chat = await liveChat(relay);
    agentSays(chat.contactId, "Hi, I can see your order");
    await until(() => bodiesTo(chat.number).length === 1);

    expect(world.connect.control.dropWebsockets({ contactId: chat.contactId })).toBe(1);
    await until(() => relay.pool.get(chat.contactId)?.stats.reconnects === 1);
    // The reconnect's catch-up runs in the chat's queue; this waits for it.
    await relay.pool.enqueue(chat.contactId, () => undefined);
    expect(bodiesTo(chat.number)).toEqual(["Hi, I can see your order"]);
  });

  it("does not echo the customer's own message back to them", async () => {
    const relay = startRelay();
    const chat = await liveChat(relay, { agent: false });
    const item = world.connect.control.customerSend(chat.contactId, "Where is my parcel?");
    await until(() => world.outcomes.has(item.Id));

    expect(world.outcomes.get(item.Id)).toEqual({ action: "ignored", reason: "NOT_FOR_CUSTOMER" });
    expect(bodiesTo(chat.number)).toEqual([]);
  });

  it("on chat.ended sends one closing message, ends the session and unlists the chat", async () => {
    const relay = startRelay();
    const chat = await liveChat(relay);
    world.connect.control.agentEnd("alice", chat.contactId);
    await until(async () => !(await world.liveChats.list()).includes(chat.contactId));
    // Connect closes the socket on its own time after the end; the pool lets go of it then.
    await until(() => relay.pool.get(chat.contactId) === undefined);

    expect(bodiesTo(chat.number)).toEqual([CLOSING]);
    const session = await world.deps.sessions.findByChat(chat.contactId);
    expect(session?.status).toBe("ended");
    // Later polls leave the ended chat alone.
    await pause(200);
    expect(relay.pool.get(chat.contactId)).toBeUndefined();
    expect(bodiesTo(chat.number)).toEqual([CLOSING]);
  });

  it("after a restart, sends what the agent wrote while it was down, once each and in order", async () => {
    const first = startRelay();
    const chat = await liveChat(first);
    agentSays(chat.contactId, "First answer");
    await until(() => bodiesTo(chat.number).length === 1);

    expect(await first.stop()).toEqual(expect.objectContaining({ unfinished: 0 }));
    agentSays(chat.contactId, "Second answer");
    agentSays(chat.contactId, "Third answer");
    await pause(100);
    expect(bodiesTo(chat.number)).toEqual(["First answer"]);

    const second = startRelay();
    await until(() => bodiesTo(chat.number).length === 3);
    agentSays(chat.contactId, "Fourth answer");
    await until(() => bodiesTo(chat.number).length === 4);
    await pause(200);
    expect(second.pool.get(chat.contactId)?.state).toBe("open");
    expect(bodiesTo(chat.number)).toEqual([
      "First answer",
      "Second answer",
      "Third answer",
      "Fourth answer",
    ]);
  });

  it("ends a chat that ended while the relay was down: the agent's last words, then the closing message", async () => {
    const first = startRelay();
    const chat = await liveChat(first);
    await first.stop();
    agentSays(chat.contactId, "Closing your case now");
    world.connect.control.agentEnd("alice", chat.contactId);

    const second = startRelay();
    await until(async () => !(await world.liveChats.list()).includes(chat.contactId));
    // A hold a poll began just before the chat was unlisted is refused in its turn.
    await until(() => second.pool.get(chat.contactId) === undefined);
    expect(bodiesTo(chat.number)).toEqual(["Closing your case now", CLOSING]);
    expect((await world.deps.sessions.findByChat(chat.contactId))?.status).toBe("ended");
  });

  it("retries a send Twilio failed with a 503 and delivers it once, before the agent's next message", async () => {
    const relay = startRelay();
    const chat = await liveChat(relay);
    world.twilio.faults.failNext("messages.create", { status: 503 });
    const failures = world.logged.length;
    agentSays(chat.contactId, "Sorry for the wait");
    await until(() =>
      world.logged
        .slice(failures)
        .includes("relaying to the customer failed; catching up the chat later"),
    );
    expect(bodiesTo(chat.number)).toEqual([]);

    // No new item arrives: the scheduled catch-up alone sends it.
    await until(() => bodiesTo(chat.number).length === 1);
    agentSays(chat.contactId, "Found it: refunded today");
    await until(() => bodiesTo(chat.number).length === 2);
    await pause(300);
    expect(bodiesTo(chat.number)).toEqual(["Sorry for the wait", "Found it: refunded today"]);
  });

  it("sends the closing message once when its first send fails", async () => {
    const relay = startRelay();
    const chat = await liveChat(relay);
    world.twilio.faults.failNext("messages.create", { status: 503 });
    const logged = world.logged.length;
    world.connect.control.agentEnd("alice", chat.contactId);
    await until(() => bodiesTo(chat.number).length === 1);
    expect(world.logged.slice(logged)).toContain(
      "relaying to the customer failed; catching up the chat later",
    );
    await until(async () => !(await world.liveChats.list()).includes(chat.contactId));
    await pause(300);
    expect(bodiesTo(chat.number)).toEqual([CLOSING]);
  });

  it("skips a listed chat with no stored connection, and keeps trying it on later polls", async () => {
    const missing = `chat-${randomUUID()}`;
    await world.liveChats.add(missing);
    try {
      const warning = "no customer connection is stored for a live chat; skipped for now";
      const before = world.logged.filter((line) => line === warning).length;
      const relay = startRelay();
      await until(() => world.logged.filter((line) => line === warning).length >= before + 3);
      expect(relay.pool.get(missing)).toBeUndefined();
    } finally {
      await world.liveChats.remove(missing);
    }
  });

  it("keeps a chat whose socket Connect refuses listed, and tries it again later", async () => {
    const refused = `chat-${randomUUID()}`;
    await world.deps.connections.saveConnection({
      chatContactId: refused,
      voiceContactId: randomUUID(),
      participantId: "participant-gone",
      participantToken: "not-a-participant-token",
      connectionToken: "not-a-connection-token",
      connectionExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await world.liveChats.add(refused);
    try {
      const lost = "lost a chat's websocket for good; a later poll holds it again";
      const before = world.logged.filter((line) => line === lost).length;
      const relay = startRelay();
      await until(() => world.logged.filter((line) => line === lost).length >= before + 2);
      expect(relay.pool.get(refused)).toBeUndefined();
      expect(await world.liveChats.list()).toContain(refused);
    } finally {
      await world.liveChats.remove(refused);
    }
  });
});
