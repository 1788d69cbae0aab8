import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MetaMessengerSender } from "../../adapters/meta/send.ts";
import { newSession, transition } from "../../core/session/deflection-session.ts";
import { type MetaEmulator, startMetaEmulator } from "../../emulators/meta/index.ts";
import {
  flipOneByte,
  resend,
  startWebhookHarness,
  type WebhookHarness,
} from "./webhook-harness.ts";

const PSID = "24019283746501234";

let emulator: MetaEmulator;
let harness: WebhookHarness;

/** Meta's documented algorithm, written here independently of the adapter. */
function metaSignature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(Buffer.from(body, "utf8")).digest("hex")}`;
}

beforeAll(async () => {
  emulator = await startMetaEmulator({ echoes: true, deliveryEvents: true });
  harness = await startWebhookHarness({
    META_APP_SECRET: emulator.appSecret,
    META_VERIFY_TOKEN: emulator.verifyToken,
    META_PAGE_ACCESS_TOKEN: emulator.pageAccessToken,
    META_GRAPH_ORIGIN: emulator.url,
  });
  emulator.setWebhookUrl(harness.route("messenger"));
});
afterAll(async () => {
  await emulator.close();
  await harness.close();
});
beforeEach(async () => {
  await emulator.idle();
  emulator.reset();
});

describe("Messenger webhooks through functions/webhooks", () => {
  it("answers the verify GET with the raw challenge, and refuses a wrong verify token", async () => {
    expect((await emulator.verifySubscription()).ok).toBe(true);
    const wrong = await emulator.verifySubscription({ verifyToken: "guess" });
    expect(wrong.ok).toBe(false);
    expect(wrong.delivery.status).toBe(403);
  });

  it("accepts a signed message with non-ASCII text, escaped as Meta escapes it", async () => {
    const { mids, delivery } = await emulator.customerSends({ psid: PSID, text: "Café à 5h? 👍" });
    expect(delivery.body).toContain("\\u00e9");
    expect(delivery.headers["x-hub-signature-256"]).toBe(
      metaSignature(emulator.appSecret, delivery.body),
    );
    expect(delivery.status).toBe(200);
    expect(delivery.responseBody).toBe("EVENT_RECEIVED");
    const inbox = await harness.inboxItems();
    expect(inbox.find((item) => item.providerMessageId === mids[0])).toMatchObject({
      pk: `INBOX#messenger#${PSID}`,
      text: "Café à 5h? 👍",
    });
  });

  it("records every message of a batch of entries and messaging events", async () => {
    const inputs = ["one", "two", "three"].map((text, i) => ({ psid: `${PSID}${i}`, text }));
    const { mids, delivery } = await emulator.customerSendsBatch(inputs, { perEntry: 2 });
    expect(JSON.parse(delivery.body).entry).toHaveLength(2);
    const ids = (await harness.inboxItems()).map((item) => item.providerMessageId);
    for (const mid of mids) expect(ids).toContain(mid);
  });

  it("refuses a changed byte, a wrong secret, a missing header; a replay changes nothing", async () => {
    const { delivery } = await emulator.customerSends({ psid: PSID, text: "replay me" });
    expect(delivery.status).toBe(200);
    const before = await harness.itemCount();
    const outcomes = [
      await resend(delivery, { body: flipOneByte(delivery.body) }),
      await resend(delivery, {
        headers: { "x-hub-signature-256": metaSignature("wrong", delivery.body) },
      }),
      await resend(delivery, { headers: { "x-hub-signature-256": undefined } }),
    ];
    expect(outcomes.map((o) => o.status)).toEqual([403, 403, 401]);
    expect((await emulator.webhooks.replay(delivery.id)).status).toBe(200);
    expect(await harness.itemCount()).toBe(before);
  });

  it("ignores the page's own echoes and marks the session delivered from the delivery event", async () => {
    await emulator.customerSends({ psid: PSID, text: "hello" });
    const channel = new MetaMessengerSender({
      pageAccessToken: emulator.pageAccessToken,
      graphOrigin: emulator.url,
    });
    const address = { channel: "messenger", handle: PSID } as const;
    const at = harness.clock.now();
    const accepted = newSession({
      voiceContactId: "voice-meta",
      instanceId: "i",
      queueId: "q",
      channel: "messenger",
      address,
      status: "accepted",
      at,
    });
    await harness.sessions.createSession(accepted);
    const inboxBefore = (await harness.inboxItems()).length;
    const sent = await channel.send({
      kind: "text",
      to: address,
      text: "We got you",
      reference: "m1",
    });
    await harness.sessions.saveTransition(
      accepted,
      transition(accepted, { to: "message-sent", at, outboundMessageId: sent.providerMessageId }),
    );
    await emulator.idle();
    const kinds = emulator.webhooks.list().map((hook) => [hook.kind, hook.status]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ["echo", 200],
        ["delivery", 200],
      ]),
    );
    expect((await harness.inboxItems()).length).toBe(inboxBefore);
    // The receipt can overtake our own session write; Meta's retry of it then applies.
    const receipt = emulator.webhooks.list({ kind: "delivery" })[0];
    if (receipt) await emulator.webhooks.replay(receipt.id);
    expect((await harness.sessions.getSession("voice-meta"))?.status).toBe("delivered");
  });
});
