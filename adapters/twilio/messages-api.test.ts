import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DependencyFailedError } from "../../core/errors.ts";
import { startTwilioEmulator, type TwilioEmulator } from "../../emulators/twilio/index.ts";
import { createTwilioMessage, TwilioApiError } from "./messages-api.ts";

const OUR_NUMBER = "+15557654321";
const FIELDS = { To: "+15551234567", From: OUR_NUMBER, Body: "hi" };

let emulator: TwilioEmulator;

beforeAll(async () => {
  emulator = await startTwilioEmulator({ senders: [OUR_NUMBER] });
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await emulator.idle();
  emulator.reset();
});

function toEmulator(extra: { fields?: Record<string, string>; authToken?: string } = {}) {
  return {
    origin: emulator.url,
    accountSid: emulator.accountSid,
    authToken: extra.authToken ?? emulator.authToken,
    fields: extra.fields ?? FIELDS,
  };
}

const posts = () => emulator.requests.list().filter((r) => r.method === "POST");

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected the request to fail"),
    (error: unknown) => error,
  );
}

/** A TCP server that counts connections and treats each one with `onSocket`. */
async function rawServer(onSocket: (socket: Socket) => void) {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    connections: () => sockets.length,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("createTwilioMessage against the Messages API emulator", () => {
  it("creates a message and reads its sid, status and RFC 2822 creation date", async () => {
    const created = await createTwilioMessage(toEmulator());
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created.status).toBe("queued");
    expect(created.dateCreated).toBeInstanceOf(Date);
    expect(emulator.sent()[0]).toMatchObject({ sid: created.sid, body: "hi", from: OUR_NUMBER });
  });

  it("parses Twilio's error JSON into status, code, message and more_info", async () => {
    const error = await failure(createTwilioMessage(toEmulator({ fields: { ...FIELDS, To: "" } })));
    expect(error).toBeInstanceOf(TwilioApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 21604,
      message: "A 'To' phone number is required.",
      moreInfo: expect.stringContaining("21604"),
    });
  });

  it("sends HTTP Basic AccountSid:AuthToken, so a wrong token is refused with 20003", async () => {
    const error = await failure(createTwilioMessage(toEmulator({ authToken: "wrong" })));
    expect(error).toMatchObject({ status: 401, code: 20003 });
  });

  it("gives up after two retries when every attempt is throttled", async () => {
    emulator.faults.failNext("messages.create", { status: 429 }, 5);
    const error = await failure(createTwilioMessage(toEmulator()));
    expect(error).toMatchObject({ status: 429, code: 20429 });
    expect(posts()).toHaveLength(3);
  });

  it("does not wait out a Retry-After longer than the time budget", async () => {
    emulator.faults.failNext("messages.create", { status: 429, retryAfterSeconds: 30 }, 1);
    const error = await failure(createTwilioMessage(toEmulator()));
    expect(error).toMatchObject({ status: 429 });
    expect(posts()).toHaveLength(1);
  });

  it("does not retry a 503 that took effect, so the customer gets one message", async () => {
    emulator.faults.failNext("messages.create", { status: 503, phase: "after" }, 1);
    const error = await failure(createTwilioMessage(toEmulator()));
    expect(error).toMatchObject({ status: 503 });
    expect(posts()).toHaveLength(1);
    expect(emulator.sent()).toHaveLength(1);
  });
});

describe("createTwilioMessage when the connection fails", () => {
  it("retries a refused connection twice, then reports it unreachable", async () => {
    const server = await rawServer(() => {});
    const origin = server.origin;
    await server.close();
    const error = await failure(createTwilioMessage({ ...toEmulator(), origin }));
    expect(error).toBeInstanceOf(DependencyFailedError);
    expect(error).toMatchObject({ details: { attempts: 3, timedOut: false } });
  });

  it("does not retry a connection cut after the request was sent", async () => {
    const server = await rawServer((socket) => socket.once("data", () => socket.destroy()));
    try {
      const error = await failure(createTwilioMessage({ ...toEmulator(), origin: server.origin }));
      expect(error).toMatchObject({ details: { attempts: 1, timedOut: false } });
      expect(server.connections()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("times out a silent server once and does not retry it", async () => {
    const server = await rawServer(() => {});
    try {
      const request = { ...toEmulator(), origin: server.origin, timeoutMs: 150 };
      const error = await failure(createTwilioMessage(request));
      expect(error).toMatchObject({ details: { attempts: 1, timedOut: true } });
      expect(server.connections()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("reports a non-JSON 502 from a proxy by its HTTP status", async () => {
    const server = await rawServer((socket) =>
      socket.once("data", () =>
        socket.end("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 3\r\nConnection: close\r\n\r\nbad"),
      ),
    );
    try {
      const error = await failure(createTwilioMessage({ ...toEmulator(), origin: server.origin }));
      expect(error).toBeInstanceOf(TwilioApiError);
      expect(error).toMatchObject({ status: 502, code: undefined });
      expect(server.connections()).toBe(1);
    } finally {
      await server.close();
    }
  });
});
