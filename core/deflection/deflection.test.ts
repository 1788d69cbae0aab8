import { beforeEach, describe, expect, it } from "vitest";
import { CountingQueueMetrics } from "../../test/fakes/counting-queue-metrics.ts";
import {
  InMemoryCustomerDirectory,
  InMemoryPolicyStore,
  RecordingFunnel,
} from "../../test/fakes/in-memory-directory.ts";
import { InMemoryIdempotencyStore } from "../../test/fakes/in-memory-idempotency-store.ts";
import { InMemorySessionStore } from "../../test/fakes/in-memory-session-store.ts";
import { RecordingChannel } from "../../test/fakes/recording-channel.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import type { ChannelKind } from "../channel.ts";
import { parseQueuePolicy, type QueuePolicyInput } from "../policy/queue-policy.ts";
import type { MessengerChannel } from "../ports/messenger-channel.ts";
import { acceptOffer } from "./accept-offer.ts";
import { ChannelHealth } from "./channel-health.ts";
import { checkOffer } from "./check-offer.ts";
import { declineOffer } from "./decline-offer.ts";
import type { DeflectionDeps } from "./deflection-deps.ts";
import { channelWording } from "./offer-wording.ts";

const clock = new ManualClock();
let deps: DeflectionDeps;
let sessions: InMemorySessionStore;
let claims: InMemoryIdempotencyStore;
let customers: InMemoryCustomerDirectory;
let policies: InMemoryPolicyStore;
let funnel: RecordingFunnel;
let metrics: CountingQueueMetrics;
let sms: RecordingChannel;
let whatsapp: RecordingChannel;

const contact = (contactId = "voice-1", customerNumber = "+447911123456") => ({
  instanceId: "i",
  contactId,
  queueId: "q1",
  customerNumber,
  attributes: { intent: "billing" },
});

function usePolicy(patch: Partial<QueuePolicyInput> = {}) {
  policies.policies.set(
    "q1",
    parseQueuePolicy({
      queueId: "q1",
      timeZone: "Europe/London",
      channels: { whatsapp: { enabled: true }, sms: { enabled: true } },
      ...patch,
    }),
  );
}

beforeEach(() => {
  sessions = new InMemorySessionStore();
  claims = new InMemoryIdempotencyStore();
  customers = new InMemoryCustomerDirectory();
  policies = new InMemoryPolicyStore();
  funnel = new RecordingFunnel();
  metrics = new CountingQueueMetrics(clock, 0);
  sms = new RecordingChannel("sms");
  whatsapp = new RecordingChannel("whatsapp", {
    ...sms.rules,
    serviceWindowMs: 24 * 3600_000,
    templateForFirstMessage: true,
    templateOutsideWindow: true,
    optOutNoticeRequired: false,
  });
  deps = {
    policies,
    metrics,
    customers,
    sessions,
    claims,
    funnel,
    channels: new Map<ChannelKind, MessengerChannel>([
      ["sms", sms],
      ["whatsapp", whatsapp],
    ]),
    health: new ChannelHealth({ clock, failureThreshold: 2 }),
    clock,
    settings: {
      firstMessage: {
        whatsapp: { brandName: "Acme", templateId: "HX123" },
        sms: { brandName: "Acme" },
      },
    },
  };
  metrics.waits.set("q1", 900);
  usePolicy();
});

describe("check", () => {
  it("offers a long queue's caller their channel and opens an offered session", async () => {
    const result = await checkOffer(deps, { contact: contact(), inQueue: false });
    expect(result).toMatchObject({
      offer: true,
      reason: "OFFER",
      channel: "whatsapp",
      waitSeconds: 900,
    });
    expect(sessions.sessions.get("voice-1")).toMatchObject({
      status: "offered",
      offeredWaitSeconds: 900,
    });
    expect(funnel.stages()).toEqual(["offered"]);
  });

  it("offers nothing in a short queue", async () => {
    metrics.waits.set("q1", 60);
    expect(await checkOffer(deps, { contact: contact(), inQueue: false })).toMatchObject({
      offer: false,
      reason: "WAIT_BELOW_THRESHOLD",
    });
    expect(sessions.sessions.size).toBe(0);
  });

  it("records but never offers in shadow mode", async () => {
    usePolicy({ mode: "shadow" });
    const result = await checkOffer(deps, { contact: contact(), inQueue: false });
    expect(result).toMatchObject({ offer: false, reason: "SHADOW_MODE", channel: "whatsapp" });
    expect(funnel.stages()).toEqual(["shadow-offered"]);
    expect(sessions.sessions.size).toBe(0);
  });

  it.each([
    ["anonymous", "ANONYMOUS_CALLER"],
    ["12", "INVALID_PHONE_NUMBER"],
  ])("answers no offer for caller number %j with %s", async (number, reason) => {
    expect(await checkOffer(deps, { contact: contact("v", number), inQueue: false })).toEqual({
      offer: false,
      reason,
    });
  });

  it("uses the caller's own estimate in the queue flow", async () => {
    metrics.waits.set("voice-9", 100);
    const result = await checkOffer(deps, { contact: contact("voice-9"), inQueue: true });
    expect(result).toMatchObject({ offer: false, waitSeconds: 100 });
    expect(metrics.contactReads).toBe(1);
  });

  it("does not offer a channel that is failing", async () => {
    whatsapp.failWith = "unavailable";
    for (const id of ["a", "b"]) {
      await checkOffer(deps, { contact: contact(id), inQueue: false });
      await acceptOffer(deps, { contact: contact(id) });
    }
    const next = await checkOffer(deps, { contact: contact("c"), inQueue: false });
    expect(next).toMatchObject({ offer: true, channel: "sms" });
  });
});

describe("accept", () => {
  it("sends exactly one WhatsApp template, however often the accept is retried", async () => {
    await checkOffer(deps, { contact: contact(), inQueue: false });
    const first = await acceptOffer(deps, { contact: contact() });
    const retry = await acceptOffer(deps, { contact: contact() });
    expect(first).toEqual({ sent: true, reason: "SENT", channel: "whatsapp" });
    expect(retry).toEqual({ sent: true, reason: "ALREADY_SENT", channel: "whatsapp" });
    expect(whatsapp.sent).toEqual([
      {
        kind: "template",
        to: { channel: "whatsapp", handle: "+447911123456" },
        templateId: "HX123",
        variables: { "1": "Acme", "2": "15" },
        reference: "voice-1",
      },
    ]);
    expect(sessions.sessions.get("voice-1")).toMatchObject({
      status: "message-sent",
      outboundMessageId: "msg-1",
    });
    expect(funnel.stages()).toEqual(["offered", "accepted", "sent"]);
  });

  it("sends an SMS with the opt-out notice, even without a recorded offer", async () => {
    const result = await acceptOffer(deps, {
      contact: contact("v-sms"),
      channel: "sms",
      waitSeconds: 600,
    });
    expect(result).toMatchObject({ sent: true, channel: "sms" });
    const [message] = sms.sent;
    expect(message?.kind === "text" && message.text).toContain("Reply STOP to opt out.");
  });

  it("sends nothing to a customer who opted out of the channel", async () => {
    await checkOffer(deps, { contact: contact(), inQueue: false });
    await customers.recordConsent({
      customerKey: "+447911123456",
      record: {
        channel: "whatsapp",
        status: "opted-out",
        at: "2026-01-01T00:00:00Z",
        source: "keyword:STOP",
      },
    });
    expect(await acceptOffer(deps, { contact: contact() })).toMatchObject({
      sent: false,
      reason: "CUSTOMER_OPTED_OUT",
    });
    expect(whatsapp.sent).toHaveLength(0);
    expect(sessions.sessions.get("voice-1")?.status).toBe("opted-out");
  });

  it("finds the opt-out by the caller's number when the channel's handle is a platform id", async () => {
    const messenger = new RecordingChannel("messenger");
    deps = { ...deps, channels: new Map([...deps.channels, ["messenger", messenger]]) };
    usePolicy({ channels: { messenger: { enabled: true } } });
    await customers.setPreference({
      customerKey: "+447911123456",
      preferredChannel: "messenger",
      handle: "psid-2211",
    });
    await checkOffer(deps, { contact: contact(), inQueue: false });
    expect(sessions.sessions.get("voice-1")?.address.handle).toBe("psid-2211");
    await customers.recordConsent({
      customerKey: "+447911123456",
      record: {
        channel: "messenger",
        status: "opted-out",
        at: "2026-01-01T00:00:00Z",
        source: "api",
      },
    });
    expect(await acceptOffer(deps, { contact: contact() })).toMatchObject({
      reason: "CUSTOMER_OPTED_OUT",
    });
    expect(messenger.sent).toHaveLength(0);
  });

  it("records a refused send as failed and does not try again on retry", async () => {
    await checkOffer(deps, { contact: contact(), inQueue: false });
    whatsapp.failWith = "rejected";
    expect(await acceptOffer(deps, { contact: contact() })).toMatchObject({
      sent: false,
      reason: "CHANNEL_REJECTED",
    });
    whatsapp.failWith = undefined;
    expect(await acceptOffer(deps, { contact: contact() })).toMatchObject({
      sent: false,
      reason: "ALREADY_CLOSED",
    });
    expect(whatsapp.sent).toHaveLength(0);
    expect(sessions.sessions.get("voice-1")).toMatchObject({
      status: "failed",
      failureReason: "INVALID_RECIPIENT",
    });
  });

  it("sends on the retry after an unexpected failure, instead of answering that a send is in progress", async () => {
    await checkOffer(deps, { contact: contact(), inQueue: false });
    const send = whatsapp.send.bind(whatsapp);
    whatsapp.send = async () => {
      whatsapp.send = send;
      throw new TypeError("a bug in the send path");
    };
    await expect(acceptOffer(deps, { contact: contact() })).rejects.toThrow(
      "a bug in the send path",
    );
    expect(await acceptOffer(deps, { contact: contact() })).toEqual({
      sent: true,
      reason: "SENT",
      channel: "whatsapp",
    });
    expect(whatsapp.sent).toHaveLength(1);
  });

  it("does not offer a caller again once they accepted", async () => {
    await checkOffer(deps, { contact: contact(), inQueue: false });
    await acceptOffer(deps, { contact: contact() });
    expect(await checkOffer(deps, { contact: contact(), inQueue: true })).toMatchObject({
      offer: false,
      reason: "ALREADY_OFFERED",
    });
  });
});

describe("decline", () => {
  it("closes the offer so the queue flow does not offer again", async () => {
    await checkOffer(deps, { contact: contact(), inQueue: false });
    expect(await declineOffer(deps, { contact: contact() })).toEqual({ recorded: true });
    expect(sessions.sessions.get("voice-1")?.status).toBe("declined");
    expect(await checkOffer(deps, { contact: contact(), inQueue: true })).toMatchObject({
      reason: "ALREADY_OFFERED",
    });
  });

  it("lets the queue flow offer again when the policy allows repeats", async () => {
    usePolicy({ suppressAfterDecline: false });
    metrics.waits.set("voice-1", 900);
    await checkOffer(deps, { contact: contact(), inQueue: false });
    await declineOffer(deps, { contact: contact() });
    expect(await checkOffer(deps, { contact: contact(), inQueue: true })).toMatchObject({
      offer: true,
    });
    expect(funnel.stages()).toEqual(["offered", "declined", "offered"]);
  });
});

describe("channel wording", () => {
  it("names the channel in the call's language, English when the language is unknown", () => {
    expect(channelWording("whatsapp", "es-US")).toEqual({
      name: "WhatsApp",
      messagePhrase: "un mensaje de WhatsApp",
    });
    expect(channelWording("sms", "es-ES").name).toBe("mensaje de texto");
    expect(channelWording("x", "fr-FR").messagePhrase).toBe("an X direct message");
    expect(channelWording("sms").messagePhrase).toBe("a text message");
  });
});
