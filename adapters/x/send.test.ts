import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChannelRejectedError, DependencyFailedError } from "../../core/errors.ts";
import { startXEmulator, type XEmulator } from "../../emulators/x/index.ts";
import { XDirectMessageSender } from "./send.ts";

const CUSTOMER_ID = "1460000000000000001";
const to = { channel: "x", handle: CUSTOMER_ID } as const;

let emulator: XEmulator;
let channel: XDirectMessageSender;

beforeAll(async () => {
  emulator = await startXEmulator();
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = emulator.credentials;
  channel = new XDirectMessageSender({
    credentials: {
      appKey: consumerKey,
      appSecret: consumerSecret,
      accessToken,
      accessSecret: accessTokenSecret,
    },
    apiOrigin: emulator.url,
    httpsAgent: emulator.httpsAgent(),
  });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => expect.fail("expected the send to be refused"),
    (error: unknown) => error,
  );
}

describe("XDirectMessageSender against the X emulator (HTTPS, OAuth 1.0a)", () => {
  it("sends a v2 DM to the participant with twitter-api-v2", async () => {
    const result = await channel.send({
      kind: "text",
      to,
      text: "Hi from support",
      reference: "r1",
    });
    const [sent] = emulator.sent({ participantId: CUSTOMER_ID });
    expect(sent).toMatchObject({ id: result.providerMessageId, text: "Hi from support" });
    const [request] = emulator.requests.list();
    expect(request).toMatchObject({
      method: "POST",
      path: `/2/dm_conversations/with/${CUSTOMER_ID}/messages`,
    });
    expect(String(request?.headers.authorization)).toMatch(/^OAuth /);
  });

  it("reports a customer whose DMs are closed to us as NOT_ALLOWED", async () => {
    emulator.closeDms(CUSTOMER_ID);
    const error = await rejection(channel.send({ kind: "text", to, text: "hi", reference: "r2" }));
    expect(error).toBeInstanceOf(ChannelRejectedError);
    expect(error).toMatchObject({ details: { reason: "NOT_ALLOWED", status: 403 } });
  });

  it("reports throttling it cannot wait out as a dependency failure, not a rejection", async () => {
    emulator.faults.failNext("*", { status: 429, retryAfterSeconds: 60 }, 1);
    const error = await rejection(channel.send({ kind: "text", to, text: "hi", reference: "r3" }));
    expect(error).toBeInstanceOf(DependencyFailedError);
  });

  it("refuses templates and handles that are not user ids without calling X", async () => {
    const template = channel.send({
      kind: "template",
      to,
      templateId: "t",
      variables: {},
      reference: "r4",
    });
    expect(await rejection(template)).toMatchObject({
      details: { reason: "TEMPLATE_UNSUPPORTED" },
    });
    const bad = channel.send({
      kind: "text",
      to: { channel: "x", handle: "@ana" },
      text: "hi",
      reference: "r5",
    });
    expect(await rejection(bad)).toMatchObject({ details: { reason: "INVALID_ADDRESS" } });
    expect(emulator.requests.list()).toHaveLength(0);
  });
});
