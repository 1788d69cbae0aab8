import { describe, expect, it } from "vitest";
import { DependencyFailedError } from "../../core/errors.ts";
import { startMetaEmulator } from "../../emulators/meta/index.ts";
import { DAY_MS } from "../../emulators/shared-http/clock.ts";
import { useMessagingEmulator } from "../../emulators/shared-http/test-support/messaging-emulator.ts";
import { expectRefused, rejection, useSenderUnderTest } from "../test-support/sender-under-test.ts";
import { MetaMessengerSender } from "./send.ts";

const PSID = "24019283746501234";
const to = { channel: "messenger", handle: PSID } as const;

// Delivery events off: no webhook is posted, so the receiver stays idle.
const { emulator } = useMessagingEmulator({
  start: () => startMetaEmulator({ humanAgentApproved: true, deliveryEvents: false }),
});
const channel = useSenderUnderTest(
  emulator,
  (meta) =>
    new MetaMessengerSender({ pageAccessToken: meta.pageAccessToken, graphOrigin: meta.url }),
);

describe("MetaMessengerSender against the Graph emulator", () => {
  it("answers inside the window with messaging_type RESPONSE", async () => {
    emulator().userWrote(PSID);
    const result = await channel().send({
      kind: "text",
      to,
      text: "An agent is on it",
      reference: "r1",
    });
    const [sent] = emulator().sent({ recipientId: PSID });
    expect(sent).toMatchObject({
      messageId: result.providerMessageId,
      messagingType: "RESPONSE",
      tag: null,
      message: { text: "An agent is on it" },
    });
  });

  it("tags an agent's reply after 24 h as HUMAN_AGENT, which the page may send up to 7 days", async () => {
    emulator().userWrote(PSID, emulator().clock.now() - 3 * DAY_MS);
    await channel().send({
      kind: "text",
      to,
      text: "Sorry for the wait",
      reference: "r2",
      humanAgent: true,
    });
    expect(emulator().sent()[0]).toMatchObject({
      messagingType: "MESSAGE_TAG",
      tag: "HUMAN_AGENT",
    });
  });

  it("reports a plain send outside the window as OUTSIDE_SERVICE_WINDOW", async () => {
    emulator().userWrote(PSID, emulator().clock.now() - 2 * DAY_MS);
    await expectRefused(channel().send({ kind: "text", to, text: "late", reference: "r3" }), {
      reason: "OUTSIDE_SERVICE_WINDOW",
      providerCode: "10",
    });
  });

  it("refuses templates, which Messenger does not have, without a call", async () => {
    const error = await rejection(
      channel().send({ kind: "template", to, templateId: "t", variables: {}, reference: "r4" }),
    );
    expect(error).toMatchObject({ details: { reason: "TEMPLATE_UNSUPPORTED" } });
    expect(emulator().requests.list()).toHaveLength(0);
  });

  it("reports a PSID the page never talked to as INVALID_ADDRESS", async () => {
    const error = await rejection(
      channel().send({ kind: "text", to, text: "hi", reference: "r5" }),
    );
    expect(error).toMatchObject({ details: { reason: "INVALID_ADDRESS" } });
  });

  it("shows typing with the typing_on sender action alone", async () => {
    emulator().userWrote(PSID);
    await channel().showTyping(to);
    expect(emulator().sent()).toEqual([
      expect.objectContaining({ recipientId: PSID, senderAction: "typing_on", message: null }),
    ]);
    const [request] = emulator().requests.list();
    expect(JSON.parse(request?.body ?? "{}")).toEqual({
      recipient: { id: PSID },
      sender_action: "typing_on",
    });
  });

  it("reports typing refused by the platform or a bad token like a send", async () => {
    emulator().userWrote(PSID, emulator().clock.now() - 2 * DAY_MS);
    expect(await rejection(channel().showTyping(to))).toMatchObject({
      details: { reason: "OUTSIDE_SERVICE_WINDOW" },
    });
    const badToken = new MetaMessengerSender({
      pageAccessToken: "wrong",
      graphOrigin: emulator().url,
    });
    emulator().userWrote(PSID);
    expect(await rejection(badToken.showTyping(to))).toBeInstanceOf(DependencyFailedError);
    expect(emulator().sent()).toHaveLength(0);
  });

  it("reports a bad page token and an outage as dependency failures", async () => {
    const badToken = new MetaMessengerSender({
      pageAccessToken: "wrong",
      graphOrigin: emulator().url,
    });
    emulator().userWrote(PSID);
    expect(
      await rejection(badToken.send({ kind: "text", to, text: "hi", reference: "r6" })),
    ).toBeInstanceOf(DependencyFailedError);
    emulator().faults.failNext("*", { status: 500 }, 1);
    expect(
      await rejection(channel().send({ kind: "text", to, text: "hi", reference: "r7" })),
    ).toBeInstanceOf(DependencyFailedError);
  });
});
