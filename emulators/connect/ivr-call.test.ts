import { readFileSync } from "node:fs";
import { DescribeContactCommand, GetContactAttributesCommand } from "@aws-sdk/client-connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../shared-http/clock.ts";
import { type ConnectEmulator, startConnectEmulator } from "./connect-emulator.ts";
import type { Contact } from "./model/contact.ts";
import { sdkClients } from "./test-support/clients.ts";

// The protocols.md §2.4 example flow, with its instance, queue and Lambda ARNs.
const example = JSON.parse(
  readFileSync(new URL("./flow/fixtures/deflection-example.json", import.meta.url), "utf8"),
);
const InstanceId = "11111111-2222-3333-4444-555555555555";
const supportId = "66666666-7777-8888-9999-000000000000";
const lambdaArn = (name: string) => `arn:aws:lambda:eu-west-2:111122223333:function:${name}`;
const t0 = Date.UTC(2026, 0, 5, 9, 0, 0);

const clock = new ManualClock(t0);
let emulator: ConnectEmulator;
let clients: ReturnType<typeof sdkClients>;
const sendEvents: unknown[] = [];

beforeAll(async () => {
  // The API's answers are under test, not the account's quotas (quotas/api-quotas.test.ts).
  emulator = await startConnectEmulator({
    quotas: "off",
    clock,
    instance: {
      instanceId: InstanceId,
      queues: [{ id: supportId, name: "Support" }],
      flows: [{ id: "f0000000-0000-0000-0000-000000000001", name: "inbound", content: example }],
    },
  });
  clients = sdkClients(emulator.url);
  emulator.registerFunction(lambdaArn("deflect-eligibility"), () => ({
    eligible: "true",
    waitMinutes: "12",
  }));
  emulator.registerFunction(lambdaArn("deflect-send"), (event) => {
    sendEvents.push(event);
    return { sent: "true" };
  });
  // One caller already waiting five minutes makes the oldest-contact check pass.
  emulator.control.placeVoiceCall({ queue: "Support" });
  await clock.advanceAsync(300_000);
});
afterAll(() => emulator.close());

async function call(press: string): Promise<Contact> {
  const contact = emulator.control.placeVoiceCall({
    flow: "inbound",
    caller: { steps: [{ press, afterSeconds: 1 }], promptSeconds: 2 },
  });
  await clock.advanceAsync(60_000);
  return contact;
}

const describeContact = (ContactId: string) =>
  clients.connect.send(new DescribeContactCommand({ InstanceId, ContactId }));

const offer =
  "The wait is about 12 minutes. Press 1 to carry on over WhatsApp, or 2 to stay on hold.";

describe("an IVR call through the example flow, driven by a caller script", () => {
  it("pressing 1 records the choice, sends the message, says goodbye and hangs up", async () => {
    const contact = await call("1");
    const trace = emulator.control.flowTrace(contact.id);
    expect(trace.heard.map((p) => [p.actionId, p.kind, p.content])).toEqual([
      ["offer", "Text", offer],
      [
        "bye",
        "SSML",
        '<speak>Done. Check WhatsApp and reply there; an agent will continue. <break time="300ms"/>Goodbye.</speak>',
      ],
    ]);
    expect(trace.runs).toHaveLength(1);
    expect(trace.runs[0]?.visited).toEqual([
      "log-on",
      "pick-queue",
      "wait-check",
      "eligibility",
      "is-eligible",
      "offer",
      "remember",
      "send",
      "sent-ok",
      "bye",
      "hang-up",
    ]);
    expect(trace.runs[0]?.end).toEqual({ kind: "disconnected", by: "action" });
    expect(sendEvents).toHaveLength(1);

    const described = (await describeContact(contact.id)).Contact;
    expect(described?.DisconnectReason).toBe("CONTACT_FLOW_DISCONNECT");
    expect(described?.DisconnectTimestamp?.getTime()).toBeGreaterThan(t0);
    expect(described?.QueueInfo?.EnqueueTimestamp).toBeUndefined();
    const attributes = await clients.connect.send(
      new GetContactAttributesCommand({ InstanceId, InitialContactId: contact.id }),
    );
    expect(attributes.Attributes).toEqual({ deflectChannel: "whatsapp", quotedWaitMinutes: "12" });
  });

  it("pressing 2 leaves the caller waiting in the Support queue", async () => {
    const contact = await call("2");
    const trace = emulator.control.flowTrace(contact.id);
    expect(trace.heard.map((p) => p.content)).toEqual([offer]);
    expect(trace.runs[0]?.visited).toEqual([
      "log-on",
      "pick-queue",
      "wait-check",
      "eligibility",
      "is-eligible",
      "offer",
      "enqueue",
    ]);
    expect(trace.runs[0]?.end).toMatchObject({ kind: "queued", queue: { queueId: supportId } });
    expect(contact.state).toBe("QUEUED");

    const described = (await describeContact(contact.id)).Contact;
    expect(described?.QueueInfo?.Id).toBe(supportId);
    expect(described?.QueueInfo?.EnqueueTimestamp).toBeInstanceOf(Date);
    expect(described?.DisconnectTimestamp).toBeUndefined();
  });

  it("a caller who stays silent times out of the offer and is queued", async () => {
    const contact = emulator.control.placeVoiceCall({ flow: "inbound", caller: { steps: [] } });
    await clock.advanceAsync(60_000);
    const run = emulator.control.flowTrace(contact.id).runs[0];
    expect(run?.steps.find((s) => s.actionId === "offer")?.outcome).toBe(
      "error:InputTimeLimitExceeded",
    );
    expect(contact.state).toBe("QUEUED");
  });

  it("a caller who hangs up during the offer ends the contact without queueing it", async () => {
    const contact = emulator.control.placeVoiceCall({
      flow: "inbound",
      caller: { steps: [{ hangUp: true, afterSeconds: 1 }] },
    });
    await clock.advanceAsync(60_000);
    expect(contact.state).toBe("ENDED");
    expect(contact.disconnectReason).toBe("CUSTOMER_DISCONNECT");
    expect(contact.enqueueTimestamp).toBeUndefined();
  });

  it("rejects a caller script with keys a phone does not have, and places no call", async () => {
    const before = emulator.control.contacts().length;
    expect(() =>
      emulator.control.placeVoiceCall({ flow: "inbound", caller: { steps: [{ press: "1x" }] } }),
    ).toThrow(/steps\.0\.press/);
    expect(emulator.control.contacts()).toHaveLength(before);
  });

  it("takes a call with a caller script over HTTP and shows its trace at /__emulator", async () => {
    const placed = await fetch(`${emulator.url}/__emulator/voice-calls`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        flow: "inbound",
        caller: { steps: [{ press: "2" }], promptSeconds: 2 },
      }),
    });
    expect(placed.status).toBe(200);
    const { contactId } = (await placed.json()) as { contactId: string };
    await clock.advanceAsync(60_000);
    const trace = await fetch(`${emulator.url}/__emulator/contacts/${contactId}/flow-trace`);
    const body = (await trace.json()) as {
      heard: { content: string }[];
      runs: { visited: string[] }[];
    };
    expect(body.heard.map((p) => p.content)).toEqual([offer]);
    expect(body.runs[0]?.visited.at(-1)).toBe("enqueue");
  });

  it("answers a malformed caller script over HTTP with a 400 naming the field", async () => {
    const placed = await fetch(`${emulator.url}/__emulator/voice-calls`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ flow: "inbound", caller: { steps: [{ press: "1", wait: 3 }] } }),
    });
    expect(placed.status).toBe(400);
    expect(JSON.stringify(await placed.json())).toMatch(/caller\.steps\.0/);
  });

  it("ends a call whose flow is malformed, and the trace names the action and field", async () => {
    emulator.instance.instance.addFlow({
      name: "broken",
      type: "CONTACT_FLOW",
      content: {
        Version: "2019-10-30",
        StartAction: "wait",
        Metadata: {},
        Actions: [
          {
            Identifier: "wait",
            Type: "GetParticipantInput",
            Parameters: { Text: "Press a key", StoreInput: "False", InputTimeLimitSeconds: "0" },
            Transitions: {},
          },
        ],
      },
    });
    const contact = emulator.control.placeVoiceCall({ flow: "broken" });
    expect(contact.state).toBe("ENDED");
    expect(contact.disconnectReason).toBe("CONTACT_FLOW_ERROR");
    const end = emulator.control.flowTrace(contact.id).runs[0]?.end;
    expect(end?.kind === "error" && end.message).toMatch(/wait.*InputTimeLimitSeconds/);
  });
});
