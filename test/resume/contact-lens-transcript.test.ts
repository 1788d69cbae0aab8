import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DynamoSessionStore } from "../../adapters/dynamodb/dynamo-session-store.ts";
import { DynamoTranscriptSource } from "../../adapters/dynamodb/dynamo-transcript-source.ts";
import { loadResumeConfig } from "../../config/resume-config.ts";
import { resumeChat } from "../../core/resume/resume-chat.ts";
import { newSession, transition } from "../../core/session/deflection-session.ts";
import type { ConnectEmulator } from "../../emulators/connect/connect-emulator.ts";
import {
  analysedInstance,
  startAnalysedConnect,
} from "../../emulators/connect/test-support/analysed-call.ts";
import { testInstance } from "../../emulators/connect/test-support/clients.ts";
import { ManualClock } from "../../emulators/shared-http/clock.ts";
import { SpeechEngine } from "../../emulators/speech/index.ts";
import { wireResume } from "../../functions/resume/wire.ts";
import { freshTable } from "../support/dynamo-table.ts";

const SAID = "I want to change my flight.";
const INSTANCE_ID = analysedInstance.instanceId ?? "";

const clock = new ManualClock();
const speech = new SpeechEngine();
let connect: ConnectEmulator;
let table: Awaited<ReturnType<typeof freshTable>>;

beforeAll(async () => {
  connect = await startAnalysedConnect({ clock, voice: speech, speech });
  table = await freshTable("resume-lens");
});
afterAll(async () => {
  await connect.close();
  table.documentClient.destroy();
});

const resumeWith = (source: string) =>
  wireResume({
    config: loadResumeConfig({
      AWS_REGION: "eu-west-2",
      DEFLECT_TABLE_NAME: table.tableName,
      DEFLECT_DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
      DEFLECT_CONNECT_ENDPOINT: connect.url,
      DEFLECT_RESUME_CONTACT_FLOW_ID: testInstance.flows[0]?.id,
      DEFLECT_RESUME_INSTANCE_ID: INSTANCE_ID,
      DEFLECT_RELAY_MODE: "websocket",
      DEFLECT_RESUME_TOKEN_KEY: Buffer.alloc(32, 9).toString("base64"),
      DEFLECT_TRANSCRIPT_SOURCE: source,
    }),
  });

/** A call Contact Lens analysed, over, and its caller deflected to WhatsApp. */
async function deflectedCall(handle: string) {
  const voice = connect.control.placeVoiceCall({
    flow: "real-time",
    caller: {
      promptSeconds: 2,
      steps: [
        { say: SAID, afterSeconds: 1 },
        { hangUp: true, afterSeconds: 4 },
      ],
    },
  });
  await clock.advanceAsync(20_000);
  const sessions = new DynamoSessionStore({ ...table, clock: { now: () => new Date() } });
  const accepted = newSession({
    voiceContactId: voice.id,
    instanceId: INSTANCE_ID,
    queueId: testInstance.queues[0]?.id ?? "",
    channel: "whatsapp",
    address: { channel: "whatsapp", handle },
    contextAttributes: { reason: "flights" },
    offeredWaitSeconds: 600,
    status: "accepted",
    at: new Date(),
  });
  await sessions.createSession(accepted);
  const sent = transition(accepted, {
    to: "message-sent",
    at: new Date(),
    outboundMessageId: "SM1",
  });
  await sessions.saveTransition(accepted, sent);
  return voice;
}

const reply = (handle: string, text: string) => ({
  provider: "twilio",
  providerMessageId: `SM-${handle}`,
  from: { channel: "whatsapp" as const, handle },
  text,
  mediaCount: 0,
});

describe("resume reads the call's words from the source DEFLECT_TRANSCRIPT_SOURCE names", () => {
  it("contact-lens: the agent's context holds what Contact Lens heard the caller say", async () => {
    const handle = "+447700900101";
    await deflectedCall(handle);
    const result = await resumeChat(resumeWith("contact-lens"), reply(handle, "Hello again"));
    expect(result.outcome).toBe("CHAT_STARTED");
    const chat = connect.control.contacts().find((c) => c.id === result.chatContactId);
    expect(chat?.attributes.deflectCallerWords).toContain(SAID);
  });

  it("none: the chat opens without the caller's words, whatever the table holds", async () => {
    const handle = "+447700900102";
    const voice = await deflectedCall(handle);
    await new DynamoTranscriptSource(table).putSegments(voice.id, [
      { participant: "CUSTOMER", text: "Words the worker stored.", offsetMs: 1_000 },
    ]);
    const result = await resumeChat(resumeWith("none"), reply(handle, "Hello again"));
    expect(result.outcome).toBe("CHAT_STARTED");
    const chat = connect.control.contacts().find((c) => c.id === result.chatContactId);
    expect(chat?.attributes.deflectContext).toContain("flights");
    expect(chat?.attributes.deflectCallerWords ?? "").not.toContain("Words the worker stored.");
    expect(chat?.attributes.deflectCallerWords ?? "").not.toContain(SAID);
  });
});
