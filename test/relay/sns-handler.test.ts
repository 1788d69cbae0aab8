import { readFileSync } from "node:fs";
import type { SNSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TwilioSender } from "../../adapters/twilio/send.ts";
import { loadRelayConfig } from "../../config/relay-config.ts";
import { DependencyFailedError } from "../../core/errors.ts";
import { relayChatItem } from "../../core/relay/relay-chat-item.ts";
import type { RelayDeps } from "../../core/relay/relay-deps.ts";
import { newSession, transition } from "../../core/session/deflection-session.ts";
import { startTwilioEmulator, type TwilioEmulator } from "../../emulators/twilio/index.ts";
import { createSnsHandler } from "../../relay/sns-handler.ts";
import { wireRelay } from "../../relay/wire.ts";
import { InMemoryCustomerChat } from "../fakes/in-memory-customer-chat.ts";
import { freshTable } from "../support/dynamo-table.ts";

const fixture = (name: string): SNSEvent =>
  JSON.parse(readFileSync(new URL(`../events/sns/${name}`, import.meta.url), "utf8"));
const CHAT_CONTACT_ID = "5f0d2e6a-1c44-4c8e-9a51-0a8f1c2d3e01";
const CUSTOMER = "+447911123999";

let twilio: TwilioEmulator;
let deps: RelayDeps;
let handler: ReturnType<typeof createSnsHandler>;
let close: () => void;
const logged: { message: string; code: unknown }[] = [];

beforeAll(async () => {
  const { documentClient, tableName } = await freshTable("relay-sns");
  close = () => documentClient.destroy();
  twilio = await startTwilioEmulator({ statusStepMs: 10_000_000 });
  const sms = new TwilioSender("sms", {
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    apiOrigin: twilio.url,
    from: "+15005550006",
  });
  // The recorded events name a chat that exists nowhere: its customer side is in memory,
  // with a transcript that has not caught up with the notification yet.
  const customerChat = new InMemoryCustomerChat();
  customerChat.openChat(CHAT_CONTACT_ID);
  deps = {
    ...wireRelay({
      config: loadRelayConfig({
        DEFLECT_TABLE_NAME: tableName,
        DEFLECT_DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
        DEFLECT_RESUME_TOKEN_KEY: Buffer.alloc(32, 4).toString("base64"),
      }),
      channels: new Map([["sms", sms]]),
      notices: { tellAgent: async () => {} },
    }),
    chats: customerChat,
    connections: customerChat,
    cursors: customerChat,
  };
  const record = (message: string, extra: Record<string, unknown>) =>
    void logged.push({ message, code: extra.code });
  handler = createSnsHandler({
    relay: (item) => relayChatItem(deps, item),
    logger: { warn: record, error: record },
  });
});
afterAll(async () => {
  await twilio?.close();
  close?.();
});

async function linkSession(voiceContactId: string) {
  const at = new Date();
  let session = newSession({
    voiceContactId,
    instanceId: "i",
    queueId: "q",
    channel: "sms",
    address: { channel: "sms", handle: CUSTOMER },
    status: "accepted",
    at,
  });
  for (const to of ["message-sent", "replied", "chat-started"] as const) {
    session = transition(session, { to, at });
  }
  await deps.sessions.createSession(session);
  await deps.sessions.linkChat(CHAT_CONTACT_ID, voiceContactId);
}

describe("the relay's SNS Lambda handler, on recorded SNS events", () => {
  it("asks Lambda to retry while the chat is not linked, then relays the message once", async () => {
    const event = fixture("lambda-agent-message.json");
    await expect(handler(event)).rejects.toBeInstanceOf(DependencyFailedError);
    expect(logged.at(-1)).toEqual({
      message: "relay will retry a notification",
      code: "NOT_FOUND",
    });

    await linkSession("voice-sns-1");
    expect(await handler(event)).toEqual({
      outcomes: [expect.objectContaining({ action: "delivered", mode: "free-text" })],
    });
    expect(await handler(event)).toEqual({ outcomes: [{ action: "duplicate" }] });
    expect(twilio.sent({ to: CUSTOMER }).map((m) => m.body)).toEqual([
      "Hi, this is Alice. I have your order in front of me.",
    ]);
  });

  it("drops the customer's own message", async () => {
    expect(await handler(fixture("lambda-customer-message.json"))).toEqual({
      outcomes: [{ action: "ignored", reason: "NOT_FOR_CUSTOMER" }],
    });
  });

  it("ends the session on chat.ended with one closing text", async () => {
    await linkSession("voice-sns-1");
    const event = fixture("lambda-chat-ended.json");
    expect((await handler(event)).outcomes).toEqual([{ action: "ended", closingSent: true }]);
    expect((await handler(event)).outcomes).toEqual([{ action: "duplicate" }]);
    expect(twilio.sent({ to: CUSTOMER }).at(-1)?.body).toMatch(/chat has ended/);
    expect((await deps.sessions.getSession("voice-sns-1"))?.status).toBe("ended");
  });

  it("logs a record that is not a chat item once and relays the rest of the batch", async () => {
    const good = fixture("lambda-customer-message.json");
    const bad = structuredClone(good);
    const [badRecord] = bad.Records;
    if (!badRecord) throw new Error("fixture has no record");
    badRecord.Sns.Message = "{not json";
    const before = logged.length;
    const result = await handler({ Records: [...bad.Records, ...good.Records] });
    expect(result.outcomes).toHaveLength(1);
    expect(logged.slice(before)).toEqual([
      { message: "relay dropped a notification", code: "INVALID_INPUT" },
    ]);
    await expect(handler({ nothing: true })).resolves.toEqual({ outcomes: [] });
  });
});
