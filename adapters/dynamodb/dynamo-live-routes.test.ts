import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import type { LiveRoute } from "../../core/resume/live-routes.ts";
import {
  type DeflectionSession,
  newSession,
  transition,
} from "../../core/session/deflection-session.ts";
import type { SessionStatus } from "../../core/session/session-status.ts";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { DynamoLiveRoutes } from "./dynamo-live-routes.ts";
import { DynamoSessionStore } from "./dynamo-session-store.ts";
import { itemKeys } from "./item-keys.ts";

const clock = new ManualClock();
let table: Awaited<ReturnType<typeof freshTable>>;
let sessions: DynamoSessionStore;
let routes: DynamoLiveRoutes;

beforeAll(async () => {
  table = await freshTable();
  sessions = new DynamoSessionStore({ ...table, clock });
  routes = new DynamoLiveRoutes({
    client: table.client,
    tableName: table.tableName,
    encryptionKey: Buffer.alloc(32, 7),
  });
});

/** A session of `handle`'s WhatsApp walked to `status` through the store, as resume would. */
async function sessionAt(voiceContactId: string, handle: string, status: SessionStatus) {
  let session = newSession({
    voiceContactId,
    instanceId: "instance-1",
    queueId: "queue-1",
    channel: "whatsapp",
    address: { channel: "whatsapp", handle },
    status: "accepted",
    at: clock.now(),
  });
  await sessions.createSession(session);
  const path: SessionStatus[] = ["message-sent", "replied", "chat-started", "agent-connected"];
  for (const to of path.slice(0, path.indexOf(status) + 1)) {
    const chatContactId = to === "chat-started" ? `chat-of-${voiceContactId}` : undefined;
    const next = transition(session, {
      to,
      at: clock.now(),
      ...(chatContactId ? { chatContactId } : {}),
    });
    await sessions.saveTransition(session, next);
    session = next;
  }
  return session;
}

function routeOf(session: DeflectionSession, token = "connection-token-1"): LiveRoute {
  return {
    voiceContactId: session.voiceContactId,
    chatContactId: session.chatContactId ?? "",
    connectionToken: token,
    connectionExpiresAt: "2099-01-01T00:00:00.000Z",
    firstReplyMessageId: "SM-first",
  };
}

const publish = (session: DeflectionSession, route = routeOf(session)) =>
  routes.publish({ address: session.address, route, sessionVersion: session.version });

describe("DynamoLiveRoutes on dynalite", () => {
  it("finds a published route in one read, its connection token sealed at rest", async () => {
    const session = await sessionAt("c-route", "+447911200001", "chat-started");
    await publish(session);
    expect(await routes.find(session.address)).toEqual(routeOf(session));
    const { Item } = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: itemKeys.address(session.address) }),
    );
    expect(JSON.stringify(Item)).not.toContain("connection-token-1");
  });

  it("withdraws the route when the session leaves its chat, and a resume that read the session before cannot publish it back", async () => {
    const live = await sessionAt("c-withdraw", "+447911200002", "agent-connected");
    await publish(live);
    const optedOut = transition(live, { to: "opted-out", at: clock.now() });
    await sessions.saveTransition(live, optedOut);
    expect(await routes.find(live.address)).toBeUndefined();
    await publish(live);
    expect(await routes.find(live.address)).toBeUndefined();
  });

  it("keeps the route while the session stays live, and takes the route of a reopened chat", async () => {
    const started = await sessionAt("c-reopen", "+447911200003", "chat-started");
    await publish(started);
    const connected = transition(started, { to: "agent-connected", at: clock.now() });
    await sessions.saveTransition(started, connected);
    expect(await routes.find(started.address)).toEqual(routeOf(started));
    const ended = transition(connected, { to: "ended", at: clock.now() });
    await sessions.saveTransition(connected, ended);
    const replied = transition(ended, { to: "replied", at: clock.now() });
    await sessions.saveTransition(ended, replied);
    const reopened = transition(replied, {
      to: "chat-started",
      at: clock.now(),
      chatContactId: "chat-2",
    });
    await sessions.saveTransition(replied, reopened);
    // The first chat's route, published late by a reader of the live session, stays out.
    await publish(connected, routeOf(started));
    expect(await routes.find(started.address)).toBeUndefined();
    await publish(reopened);
    expect((await routes.find(started.address))?.chatContactId).toBe("chat-2");
  });

  it("gives a new deflection of the address no route, and publishes none for a session that lost the address", async () => {
    const handle = "+447911200004";
    const first = await sessionAt("c-first", handle, "chat-started");
    await publish(first);
    clock.advance(1_000);
    await sessionAt("c-second", handle, "message-sent");
    expect(await routes.find(first.address)).toBeUndefined();
    await publish(first);
    expect(await routes.find(first.address)).toBeUndefined();
  });

  it("keeps the route when a retried create points the address at the same session again", async () => {
    const session = await sessionAt("c-retried", "+447911200005", "chat-started");
    await publish(session);
    const created = await sessions.createSession({ ...session, status: "accepted", version: 1 });
    expect(created.created).toBe(false);
    expect(await routes.find(session.address)).toEqual(routeOf(session));
  });
});
