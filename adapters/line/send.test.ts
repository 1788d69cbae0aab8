import { describe, expect, it } from "vitest";
import { DependencyFailedError } from "../../core/errors.ts";
import { startLineEmulator } from "../../emulators/line/index.ts";
import { useMessagingEmulator } from "../../emulators/shared-http/test-support/messaging-emulator.ts";
import { expectRefused, rejection, useSenderUnderTest } from "../test-support/sender-under-test.ts";
import { LineSender } from "./send.ts";

const USER_ID = `U${"4af4980629a0b7c1".repeat(2)}`;
const to = { channel: "line", handle: USER_ID } as const;

const { emulator } = useMessagingEmulator({
  start: (receiverUrl) => startLineEmulator({ webhookUrl: `${receiverUrl}/hook` }),
});
const channel = useSenderUnderTest(
  emulator,
  (line) => new LineSender({ channelAccessToken: line.channelAccessToken, apiOrigin: line.url }),
);

describe("LineSender against the Messaging API emulator", () => {
  it("pushes a text message with a retry key, and a resend of the same reference goes out once", async () => {
    await emulator().customerSends({ userId: USER_ID, text: "hi" });
    const first = await channel().send({
      kind: "text",
      to,
      text: "Hello from support",
      reference: "ref-1",
    });
    const again = await channel().send({
      kind: "text",
      to,
      text: "Hello from support",
      reference: "ref-1",
    });
    expect(again.providerMessageId).toBe(first.providerMessageId);
    const sent = emulator()
      .sent({ to: USER_ID })
      .filter((message) => message.kind === "push");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      kind: "push",
      messages: [{ type: "text", text: "Hello from support" }],
    });
    expect(sent[0]?.retryKey).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("replies with an event's reply token once; a second use is REPLY_TOKEN_INVALID", async () => {
    const { replyToken } = await emulator().customerSends({ userId: USER_ID, text: "hi" });
    await channel().reply({ replyToken, text: "Thanks, one moment" });
    expect(emulator().sent({ to: USER_ID })[0]).toMatchObject({ kind: "reply" });
    await expectRefused(channel().reply({ replyToken, text: "again" }), {
      reason: "REPLY_TOKEN_INVALID",
    });
  });

  it("refuses text over 5,000 characters and templates without calling LINE", async () => {
    const long = channel().send({ kind: "text", to, text: "x".repeat(5_001), reference: "r2" });
    expect(await rejection(long)).toMatchObject({ details: { reason: "TEXT_TOO_LONG" } });
    const template = channel().send({
      kind: "template",
      to,
      templateId: "t",
      variables: {},
      reference: "r3",
    });
    expect(await rejection(template)).toMatchObject({
      details: { reason: "TEMPLATE_UNSUPPORTED" },
    });
    expect(emulator().requests.list()).toHaveLength(0);
  });

  it("reports a user who never added the account as NOT_ALLOWED", async () => {
    const stranger = { channel: "line", handle: `U${"f".repeat(32)}` } as const;
    const error = await rejection(
      channel().send({ kind: "text", to: stranger, text: "hi", reference: "r5" }),
    );
    expect(error).toMatchObject({ code: "CHANNEL_REJECTED", details: { reason: "NOT_ALLOWED" } });
  });

  it("reports a wrong access token as a dependency failure", async () => {
    const wrong = new LineSender({
      channelAccessToken: "wrong",
      apiOrigin: emulator().url,
    });
    expect(
      await rejection(wrong.send({ kind: "text", to, text: "hi", reference: "r4" })),
    ).toBeInstanceOf(DependencyFailedError);
  });
});
