import { describe, expect, it } from "vitest";
import { ChannelRejectedError, DependencyFailedError } from "../../core/errors.ts";
import { useMessagingEmulator } from "../../emulators/shared-http/test-support/messaging-emulator.ts";
import { startTelegramEmulator } from "../../emulators/telegram/index.ts";
import { rejection, useSenderUnderTest } from "../test-support/sender-under-test.ts";
import { TelegramSender } from "./send.ts";

const USER_ID = 777000123;
const to = { channel: "telegram", handle: String(USER_ID) } as const;

const { emulator } = useMessagingEmulator({
  start: (receiverUrl) =>
    startTelegramEmulator({ webhookUrl: `${receiverUrl}/hook`, secretToken: "s" }),
});
const channel = useSenderUnderTest(
  emulator,
  (telegram) => new TelegramSender({ botToken: telegram.botToken, apiOrigin: telegram.url }),
);

describe("TelegramSender against the Bot API emulator", () => {
  it("sends with sendMessage to a user who started the bot", async () => {
    await emulator().customerSends({ userId: USER_ID, text: "/start" });
    const result = await channel().send({
      kind: "text",
      to,
      text: "Hello from support",
      reference: "r1",
    });
    const [sent] = emulator().sent({ chatId: USER_ID });
    expect(sent?.result).toMatchObject({ text: "Hello from support", chat: { id: USER_ID } });
    expect(result.providerMessageId).toBe(`${USER_ID}:${sent?.result.message_id}`);
    const [request] = emulator()
      .requests.list()
      .filter((r) => r.path.endsWith("/sendMessage"));
    expect(request?.path).toBe(`/bot${emulator().botToken}/sendMessage`);
  });

  it("reports a user who never started the bot as NOT_ALLOWED, a blocked bot as BLOCKED", async () => {
    const never = await rejection(
      channel().send({
        kind: "text",
        to: { channel: "telegram", handle: "123456" },
        text: "hi",
        reference: "r2",
      }),
    );
    expect(never).toBeInstanceOf(ChannelRejectedError);
    expect((never as ChannelRejectedError).details.reason).toMatch(/NOT_ALLOWED|INVALID_ADDRESS/);
    await emulator().customerSends({ userId: USER_ID, text: "hi" });
    emulator().blockBot(USER_ID);
    const blocked = await rejection(
      channel().send({ kind: "text", to, text: "hi", reference: "r3" }),
    );
    expect(blocked).toMatchObject({ details: { reason: "BLOCKED", status: 403 } });
  });

  it("shows typing with sendChatAction, which is no message", async () => {
    await emulator().customerSends({ userId: USER_ID, text: "/start" });
    await channel().showTyping(to);
    expect(
      emulator()
        .chatActions({ chatId: USER_ID })
        .map((a) => a.action),
    ).toEqual(["typing"]);
    expect(emulator().sent()).toHaveLength(0);
    const [request] = emulator()
      .requests.list()
      .filter((r) => r.path.endsWith("/sendChatAction"));
    expect(JSON.parse(request?.body ?? "{}")).toEqual({ chat_id: USER_ID, action: "typing" });
  });

  it("reports typing to a blocked bot as BLOCKED, and an outage as a dependency failure", async () => {
    await emulator().customerSends({ userId: USER_ID, text: "/start" });
    emulator().blockBot(USER_ID);
    expect(await rejection(channel().showTyping(to))).toMatchObject({
      details: { reason: "BLOCKED", status: 403 },
    });
    // Typing is retried (3 attempts in all): an outage outlasting them is a dependency failure.
    emulator().faults.failNext("*", { status: 502 }, 3);
    expect(await rejection(channel().showTyping(to))).toBeInstanceOf(DependencyFailedError);
  });

  it("reports a wrong bot token as a dependency failure", async () => {
    const wrong = new TelegramSender({
      botToken: "1:wrong",
      apiOrigin: emulator().url,
    });
    expect(
      await rejection(wrong.send({ kind: "text", to, text: "hi", reference: "r4" })),
    ).toBeInstanceOf(DependencyFailedError);
  });
});
