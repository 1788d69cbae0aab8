import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DeflectWorld, startDeflectWorld, WHATSAPP_TEMPLATE } from "./deflect-world.ts";

let world: DeflectWorld;
let caller = 0;
/** A fresh caller number per test, so customers and sessions never overlap. */
const nextNumber = () => `+4479111${String(++caller).padStart(5, "0")}`;

beforeAll(async () => {
  world = await startDeflectWorld({ budgetMs: 2000 });
});
afterAll(() => world.close());
beforeEach(async () => {
  await world.setPolicy();
  world.setWait(900);
  world.connect.control.setFault("GetCurrentMetricData", {});
  // Past the metrics refresh interval, so each test sees the wait it set.
  await world.clock.advanceAsync(10_000);
});

describe("voice-deflection flow with the real deflect handler", () => {
  it("sends a caller in a long queue who presses 1 exactly one WhatsApp template, then hangs up", async () => {
    const number = nextNumber();
    const contact = await world.call({ number, press: "1" });
    const heard = world.heard(contact.id);
    expect(heard.some((p) => p.includes("about 15 minutes") && p.includes("WhatsApp"))).toBe(true);
    expect(heard.at(-1)).toContain("Done. We have sent you a WhatsApp message");
    const sent = world.twilio.sent({ to: `whatsapp:${number}` });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ contentSid: WHATSAPP_TEMPLATE });
    const described = await world.describe(contact.id);
    expect(described?.DisconnectTimestamp).toBeDefined();
    expect(described?.QueueInfo?.EnqueueTimestamp).toBeUndefined();
  });

  it("speaks to a caller in the call's language, Spanish here, channel names included", async () => {
    const number = nextNumber();
    const contact = await world.call({
      number,
      press: "1",
      attributes: { deflectLanguage: "es-US" },
      offerAction: "offer-es-US",
    });
    const heard = world.heard(contact.id);
    expect(heard[0]).toContain("díganos el motivo de su llamada");
    expect(heard.some((p) => p.includes("La espera es de unos 15 minutos"))).toBe(true);
    expect(heard.at(-1)).toContain("Le hemos enviado un mensaje de WhatsApp");
    expect(world.twilio.sent({ to: `whatsapp:${number}` })).toHaveLength(1);
    const voice = world.connect.instance.instance.contacts.get(contact.id);
    expect(voice).toMatchObject({ languageCode: "es-US", textToSpeechVoiceId: "Lupe" });
  });

  it.each([
    ["presses 2", "2"],
    ["presses nothing", undefined],
  ])("queues a caller who %s, sending nothing", async (_, press) => {
    const number = nextNumber();
    const contact = await world.call({ number, ...(press ? { press } : {}) });
    expect(world.heard(contact.id).some((p) => p.includes("To carry on by"))).toBe(true);
    expect(world.twilio.sent({ to: `whatsapp:${number}` })).toHaveLength(0);
    const described = await world.describe(contact.id);
    expect(described?.QueueInfo?.Id).toBe(world.queueId);
    expect(described?.DisconnectTimestamp).toBeUndefined();
  });

  it("offers nothing in a short queue", async () => {
    world.setWait(60);
    await world.clock.advanceAsync(10_000);
    const contact = await world.call({ number: nextNumber(), press: "1" });
    expect(world.heard(contact.id).some((p) => p.includes("To carry on by"))).toBe(false);
    expect((await world.describe(contact.id))?.QueueInfo?.Id).toBe(world.queueId);
  });

  it("offers nothing in shadow mode but records what it would have offered", async () => {
    await world.setPolicy({ mode: "shadow" });
    const number = nextNumber();
    const contact = await world.call({ number, press: "1" });
    expect(world.heard(contact.id).some((p) => p.includes("To carry on by"))).toBe(false);
    expect(world.twilio.sent({ to: `whatsapp:${number}` })).toHaveLength(0);
    expect(await world.funnelCounts()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          channel: "whatsapp",
          stage: "shadow-offered",
          reason: "SHADOW_MODE",
          count: 1,
        }),
      ]),
    );
  });

  it("offers nothing to a caller who opted out of every enabled channel", async () => {
    const number = nextNumber();
    for (const channel of ["whatsapp", "sms"] as const) {
      await world.deflection.customers.recordConsent({
        customerKey: number,
        record: {
          channel,
          status: "opted-out",
          at: new Date().toISOString(),
          source: "keyword:STOP",
        },
      });
    }
    const contact = await world.call({ number, press: "1" });
    expect(world.heard(contact.id).some((p) => p.includes("To carry on by"))).toBe(false);
    expect(world.twilio.sent({ to: `whatsapp:${number}` })).toHaveLength(0);
  });

  it("sends nothing more when Connect retries an accept", async () => {
    const number = nextNumber();
    const contact = await world.call({ number, press: "1" });
    const calls = (world.connect.control.flowTrace(contact.id).runs[0]?.lambdaCalls ?? []).filter(
      (c) => c.functionArn.endsWith(":function:deflect"),
    );
    expect(calls.map((c) => c.parameters.action)).toEqual(["check", "accept"]);
    const retry = world.flowEvent(contact.id, number, { action: "accept", channel: "whatsapp" });
    const { answer } = await world.invoke(retry);
    expect(answer).toMatchObject({ sent: "true", reason: "ALREADY_SENT" });
    expect(world.twilio.sent({ to: `whatsapp:${number}` })).toHaveLength(1);
  });
});

describe("queue-offer flow while the caller waits", () => {
  it("offers again with the caller's own estimate once the queue grows, and sends on 1", async () => {
    world.setWait(60);
    await world.clock.advanceAsync(10_000);
    const number = nextNumber();
    const contact = await world.call({ number, press: "1", afterSeconds: 25 });
    expect((await world.describe(contact.id))?.QueueInfo?.Id).toBe(world.queueId);
    expect(world.twilio.sent({ to: `whatsapp:${number}` })).toHaveLength(0);

    world.setWait(1200);
    await world.clock.advanceAsync(60_000);
    const heard = world.heard(contact.id);
    expect(heard.some((p) => p.includes("Thanks for waiting"))).toBe(true);
    expect(heard.some((p) => p.includes("about 20 minutes"))).toBe(true);
    expect(world.twilio.sent({ to: `whatsapp:${number}` })).toHaveLength(1);
    expect((await world.describe(contact.id))?.DisconnectTimestamp).toBeDefined();
    const actions = world.connect.control
      .flowTrace(contact.id)
      .runs.flatMap((run) =>
        run.lambdaCalls
          .filter((c) => c.functionArn.endsWith(":function:deflect"))
          .map((c) => `${run.flowName}:${c.parameters.action}:${c.parameters.stage ?? ""}`),
      );
    expect(actions).toEqual([
      "voice-deflection:check:ivr",
      "queue-offer:check:queue",
      "queue-offer:accept:",
    ]);
  });
});

describe("the deflect check when Connect misbehaves", () => {
  const checkEvent = (contactId: string) =>
    world.flowEvent(contactId, nextNumber(), { action: "check" });
  const invoke = (event: unknown) => world.invoke(event);

  it("answers offer=false when GetCurrentMetricData is throttled", async () => {
    world.connect.control.setFault("GetCurrentMetricData", { throttleRate: 1 });
    await world.clock.advanceAsync(120_000);
    const { answer } = await invoke(checkEvent("throttled-1"));
    expect(answer).toMatchObject({ offer: "false", reason: "METRICS_UNAVAILABLE" });
  });

  it("answers offer=false within its budget when the metrics API is slow", async () => {
    world.connect.control.setFault("GetCurrentMetricData", { latencyMs: 5000 });
    await world.clock.advanceAsync(120_000);
    const { answer, elapsedMs } = await invoke(checkEvent("slow-1"));
    expect(answer).toMatchObject({ offer: "false", reason: "TIMEOUT" });
    expect(elapsedMs).toBeLessThan(2000 + 1500);
  });

  it("answers a malformed event with a reason code instead of an error", async () => {
    const { answer } = await invoke({ Details: { ContactData: { ContactId: "" } } });
    expect(answer).toEqual({
      offer: "false",
      sent: "false",
      recorded: "false",
      reason: "BAD_EVENT",
    });
    expect(world.logged).toContain("bad contact-flow event");
  });
});
