import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../shared-http/webhook-receiver.ts";
import { type LineEmulator, startLineEmulator } from "./index.ts";

const USER = `U${"5bf4980629".padEnd(32, "1")}`;

let emulator: LineEmulator;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startLineEmulator({ webhookUrl: `${receiver.url}/line` });
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${emulator.url}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${emulator.channelAccessToken}`,
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
  });

describe("LINE emulator: a user adds the account as a friend", () => {
  it("refuses a push to a user who never befriended or wrote to the account", async () => {
    const pushed = await post("/v2/bot/message/push", {
      to: USER,
      messages: [{ type: "text", text: "hello" }],
    });
    expect(pushed.status).toBe(400);
  });

  it("sends a signed follow event with a reply token, after which pushes reach the user", async () => {
    const followed = await post("/__emulator/follows", { userId: USER });
    expect(followed.status).toBe(200);
    const webhook = receiver.received.at(-1);
    // LINE's documented signature, computed here independently of the emulator's signer.
    const expected = createHmac("sha256", emulator.channelSecret)
      .update(webhook?.body ?? "")
      .digest("base64");
    expect(webhook?.headers["x-line-signature"]).toBe(expected);
    const body = JSON.parse(webhook?.body ?? "{}");
    expect(body).toMatchObject({
      destination: emulator.botUserId,
      events: [
        {
          type: "follow",
          follow: { isUnblocked: false },
          source: { type: "user", userId: USER },
          deliveryContext: { isRedelivery: false },
          mode: "active",
        },
      ],
    });
    expect(body.events[0].replyToken).toMatch(/^[0-9a-f]+$/);
    expect(body.events[0].webhookEventId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    const pushed = await post("/v2/bot/message/push", {
      to: USER,
      messages: [{ type: "text", text: "hello" }],
    });
    expect(pushed.status).toBe(200);
    expect(emulator.sent({ to: USER })).toHaveLength(1);
  });

  it("answers 400 to a follow without a LINE user id", async () => {
    expect((await post("/__emulator/follows", { userId: "someone" })).status).toBe(400);
  });
});
