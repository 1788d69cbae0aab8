import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GetTranscriptCommand } from "@aws-sdk/client-connectparticipant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resumeChat } from "../../core/resume/resume-chat.ts";
import { transition } from "../../core/session/deflection-session.ts";
import { sdkClients } from "../../emulators/connect/test-support/clients.ts";
import { RELAY_TOPIC, type ResumeWorld, startResumeWorld } from "./resume-world.ts";

let world: ResumeWorld;
let subscriber: Server;

beforeAll(async () => {
  world = await startResumeWorld();
  subscriber = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end());
  });
  await new Promise<void>((resolve) => subscriber.listen(0, "127.0.0.1", resolve));
  const { port } = subscriber.address() as AddressInfo;
  world.connect.control.subscribe(RELAY_TOPIC, `http://127.0.0.1:${port}/sns`);
});
afterAll(async () => {
  subscriber.close();
  await world.close();
});

/** The chat ends in Connect and the relay records it, as it does on chat.ended. */
async function endChat(voiceContactId: string, chatContactId: string) {
  world.connect.control.hangUp(chatContactId);
  const session = await world.sessions.getSession(voiceContactId);
  if (!session) throw new Error("no session");
  await world.sessions.saveTransition(
    session,
    transition(session, { to: "ended", at: new Date() }),
  );
}

/** Everything the chat carries, the chats it continues included (GetTranscript, no ContactId). */
async function history(chatContactId: string) {
  const connection = await world.resume.connections.getConnection(chatContactId);
  const page = await sdkClients(world.connect.url).participant.send(
    new GetTranscriptCommand({
      ConnectionToken: connection?.connectionToken,
      MaxResults: 100,
      SortOrder: "ASCENDING",
    }),
  );
  return (page.Transcript ?? []).filter((item) => item.Type === "MESSAGE");
}

describe("resume: a reply after the chat ended", () => {
  it("opens a persistent chat continuing the ended one, streamed to the relay, with the context for its agent", async () => {
    const handle = "+447700900101";
    const session = await world.deflectedSession({ handle });
    await world.transcripts.putSegments(session.voiceContactId, [
      { participant: "CUSTOMER", text: "I was charged twice", offsetMs: 1000 },
    ]);
    const first = await resumeChat(world.resume, world.reply(handle, "SM-r1", "Hi there"));
    const firstChat = first.chatContactId ?? "";
    await endChat(session.voiceContactId, firstChat);

    const late = await resumeChat(world.resume, world.reply(handle, "SM-r2", "One more thing"));

    expect(late.outcome).toBe("CHAT_STARTED");
    const secondChat = late.chatContactId ?? "";
    expect(secondChat).not.toBe(firstChat);
    expect((await world.describe(secondChat))?.RelatedContactId).toBe(firstChat);
    expect(await world.attributes(secondChat)).toMatchObject({
      deflectVoiceContactId: session.voiceContactId,
      deflectPreviousChatContactId: firstChat,
      deflectReason: "reply-after-chat-ended",
      ivr_reason: "billing",
    });
    expect((await world.attributes(secondChat))?.deflectCallerWords).toContain(
      "I was charged twice",
    );
    const own = await world.transcript(secondChat);
    expect(own.map((item) => item.Content)).toEqual(["One more thing"]);
    const carried = await history(secondChat);
    expect(carried.map((item) => item.Content)).toContain("Hi there");
    expect(await world.sessions.findByChat(secondChat)).toMatchObject({
      voiceContactId: session.voiceContactId,
      status: "chat-started",
      chatContactId: secondChat,
      previousChatContactId: firstChat,
    });
    // The chat streams from now on: a follow-up reaches the relay's topic.
    await resumeChat(world.resume, world.reply(handle, "SM-r3", "Still me"));
    await world.connect.control.flushStreaming();
    const streamed = world.connect.control.deliveries().filter((d) => d.contactId === secondChat);
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed.every((d) => d.topicArn === RELAY_TOPIC)).toBe(true);
    expect(JSON.stringify(streamed.map((d) => d.envelope))).toContain("Still me");
  });

  it("returns the same chat for a redelivered late reply and sends a follow-up into it once", async () => {
    const handle = "+447700900102";
    const session = await world.deflectedSession({ handle });
    const first = await resumeChat(world.resume, world.reply(handle, "SM-s1", "Hello"));
    await endChat(session.voiceContactId, first.chatContactId ?? "");
    const before = world.chatContacts().length;

    const late = await resumeChat(world.resume, world.reply(handle, "SM-s2", "back again"));
    const again = await resumeChat(world.resume, world.reply(handle, "SM-s2", "back again"));
    const next = await resumeChat(world.resume, world.reply(handle, "SM-s3", "and this"));
    await resumeChat(world.resume, world.reply(handle, "SM-s3", "and this"));

    expect(again).toEqual(late);
    expect(next).toMatchObject({ outcome: "SENT_TO_CHAT", chatContactId: late.chatContactId });
    expect(world.chatContacts().length).toBe(before + 1);
    const own = await world.transcript(late.chatContactId ?? "");
    expect(own.map((item) => item.Content)).toEqual(["back again", "and this"]);
  });

  it("continues the latest chat when the customer comes back a second time", async () => {
    const handle = "+447700900103";
    const session = await world.deflectedSession({ handle });
    const first = await resumeChat(world.resume, world.reply(handle, "SM-t1", "one"));
    await endChat(session.voiceContactId, first.chatContactId ?? "");
    const second = await resumeChat(world.resume, world.reply(handle, "SM-t2", "two"));
    await endChat(session.voiceContactId, second.chatContactId ?? "");
    const third = await resumeChat(world.resume, world.reply(handle, "SM-t3", "three"));

    expect((await world.describe(third.chatContactId ?? ""))?.RelatedContactId).toBe(
      second.chatContactId,
    );
    const carried = (await history(third.chatContactId ?? "")).map((item) => item.Content);
    expect(carried.indexOf("one")).toBeLessThan(carried.indexOf("two"));
    expect(carried.indexOf("two")).toBeLessThan(carried.indexOf("three"));
  });
});
