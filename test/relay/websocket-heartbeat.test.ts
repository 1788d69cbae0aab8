import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { ParticipantSocket } from "../../relay/websocket/participant-socket.ts";

// The Connect emulator always answers heartbeats, so a silent server cannot come from it:
// this one acknowledges the subscription and then ignores every heartbeat.
let server: WebSocketServer;
let url: string;
let connections = 0;

beforeAll(async () => {
  server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => server.once("listening", resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/connect/websocket`;
  server.on("connection", (socket) => {
    connections++;
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data)) as { topic?: string };
      if (frame.topic === "aws/subscribe") {
        socket.send(
          JSON.stringify({
            topic: "aws/subscribe",
            content: { status: "success", topics: ["aws/chat"] },
          }),
        );
      }
    });
  });
});
afterAll(async () => {
  for (const client of server.clients) client.terminate();
  await new Promise((resolve) => server.close(resolve));
});

it("reconnects through a fresh URL when the previous heartbeat went unanswered", async () => {
  const warnings: string[] = [];
  let urlsIssued = 0;
  const reconnected: string[] = [];
  const socket = new ParticipantSocket({
    chatContactId: "chat-1",
    participantToken: "pt-1",
    connect: async () => {
      urlsIssued++;
      return {
        connectionToken: `ct-${urlsIssued}`,
        connectionExpiresAt: new Date(Date.now() + 60_000),
        websocketUrl: `${url}?AuthToken=${urlsIssued}`,
      };
    },
    onItem: () => undefined,
    onReconnected: ({ connectionToken }) => void reconnected.push(connectionToken),
    logger: { warn: (message) => void warnings.push(message), error: () => undefined },
    timing: { heartbeatMs: 20, backoffBaseMs: 5 },
  });
  await socket.start();
  const started = Date.now();
  while (reconnected.length === 0 && Date.now() - started < 2_000) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await socket.close();
  expect(reconnected[0]).toBe("ct-2");
  expect(socket.connectionToken).toBe("ct-2");
  expect(connections).toBeGreaterThanOrEqual(2);
  expect(warnings).toContain("participant websocket lost; reconnecting");
  expect(socket.stats.refreshes).toBe(0);
  expect(socket.state).toBe("closed");
});

it("gives up and reports failure when the subscription is refused every time", async () => {
  const refusing = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => refusing.once("listening", resolve));
  refusing.on("connection", (socket) =>
    socket.on("message", () =>
      socket.send(JSON.stringify({ topic: "aws/subscribe", content: { status: "failure" } })),
    ),
  );
  const port = (refusing.address() as AddressInfo).port;
  const errors: Record<string, unknown>[] = [];
  let closedWith: string | undefined;
  const socket = new ParticipantSocket({
    chatContactId: "chat-2",
    participantToken: "pt-2",
    connect: async () => ({
      connectionToken: "ct",
      connectionExpiresAt: new Date(Date.now() + 60_000),
      websocketUrl: `ws://127.0.0.1:${port}/`,
    }),
    onItem: () => undefined,
    onClosed: (reason) => {
      closedWith = reason;
    },
    logger: { warn: () => undefined, error: (_message, extra) => void errors.push(extra) },
    timing: { maxConnectAttempts: 3, backoffBaseMs: 1, backoffMaxMs: 2 },
  });
  await expect(socket.start()).rejects.toThrow(/could not open the websocket of chat-2/);
  expect(closedWith).toBe("gave-up");
  expect(errors).toEqual([
    { chatContactId: "chat-2", error: "the subscription was refused (status failure)", attempt: 3 },
  ]);
  await new Promise((resolve) => refusing.close(resolve));
});
