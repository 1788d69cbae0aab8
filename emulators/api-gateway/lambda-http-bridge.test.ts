import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HTTP_API_MAX_PAYLOAD_BYTES,
  type LambdaHttpBridge,
  startLambdaHttpBridge,
} from "./lambda-http-bridge.ts";

let bridge: LambdaHttpBridge;
const invoked: unknown[] = [];

beforeAll(async () => {
  bridge = await startLambdaHttpBridge();
  bridge.setHandler(async (event) => {
    invoked.push(event);
    const body = (event as { body?: string }).body ?? "";
    if (body === "fail") throw new Error("the function failed");
    return { statusCode: 200, body: `got ${body.length} bytes`, headers: {} };
  });
});
afterAll(() => bridge.close());

const post = (body: string) => fetch(`${bridge.url}/webhooks/sms`, { method: "POST", body });

/** Announces `announced` bytes, sends `sent`, and hangs up: a client that goes away mid-body. */
async function hangUpMidBody(options: { announced: number; sent: number }): Promise<void> {
  const { port } = new URL(bridge.url);
  const socket = connect(Number(port), "127.0.0.1");
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  socket.write(
    `POST /webhooks/sms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${options.announced}\r\n\r\n`,
  );
  socket.write("x".repeat(options.sent));
  await new Promise((resolve) => setTimeout(resolve, 20));
  socket.resetAndDestroy();
}

describe("the HTTP API in front of the webhook function", () => {
  it("survives a client that announces a large body and hangs up after a few bytes", async () => {
    const before = invoked.length;
    await hangUpMidBody({ announced: 1024 * 1024, sent: 100 });
    const answer = await post("hello");
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("got 5 bytes");
    expect(invoked.length).toBe(before + 1);
  });

  it("refuses a body over the payload quota with 413, without invoking the function", async () => {
    const before = invoked.length;
    const answer = await post("x".repeat(HTTP_API_MAX_PAYLOAD_BYTES + 1));
    expect(answer.status).toBe(413);
    expect(await answer.json()).toEqual({ message: "Request Entity Too Large" });
    expect(invoked.length).toBe(before);
  });

  it("answers 500 as the gateway does when the function throws", async () => {
    const answer = await post("fail");
    expect(answer.status).toBe(500);
    expect(await answer.json()).toEqual({ message: "Internal Server Error" });
  });
});
