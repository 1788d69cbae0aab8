import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resumeChat } from "../../core/resume/resume-chat.ts";
import { transition } from "../../core/session/deflection-session.ts";
import { createResumeHandler } from "../../functions/resume/resume-handler.ts";
import { RELAY_TOPIC, type ResumeWorld, startResumeWorld } from "./resume-world.ts";

let world: ResumeWorld;

beforeAll(async () => {
  world = await startResumeWorld();
});
afterAll(() => world.close());

const CARD = "4111 1111 1111 1111";
const longCall = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    participant: i % 2 ? ("AGENT" as const) : ("CUSTOMER" as const),
    text: `segment ${String(i).padStart(2, "0")} about the bill and the tariff change`,
    offsetMs: i * 4000,
  }));

describe("resume: the customer's first reply opens the Connect chat", () => {
  it("starts the chat linked to the call, with the reply and the redacted context as attributes for the agent", async () => {
    const handle = "+447700900001";
    const session = await world.deflectedSession({ handle });
    await world.transcripts.putSegments(session.voiceContactId, [
      ...longCall(30),
      {
        participant: "CUSTOMER",
        text: `my card is ${CARD}, order ORDER-123456`,
        offsetMs: 200_000,
      },
    ]);
    const result = await resumeChat(world.resume, world.reply(handle, "SM-a1", "Hi, still there?"));

    expect(result.outcome).toBe("CHAT_STARTED");
    const chatId = result.chatContactId ?? "";
    expect((await world.describe(chatId))?.RelatedContactId).toBe(session.voiceContactId);
    const attributes = await world.attributes(chatId);
    expect(attributes).toMatchObject({
      deflectVoiceContactId: session.voiceContactId,
      deflectChannel: "whatsapp",
      deflectHandle: "+••••••••0001",
      deflectOfferedWaitSeconds: "900",
      ivr_reason: "billing",
      ivr_account: "premium",
    });
    // Only the customer's reply is in the chat: the context is for the agent's side alone.
    const items = await world.transcript(chatId);
    expect(items.map((item) => [item.ParticipantRole, item.Content])).toEqual([
      ["CUSTOMER", "Hi, still there?"],
    ]);
    const context = attributes?.deflectContext ?? "";
    expect(context).toContain("- Reason: billing");
    // The caller's words only (agent segments are not the caller's), latest last.
    const words = attributes?.deflectCallerWords ?? "";
    expect(words).not.toContain("segment 01 ");
    expect(words.indexOf("segment 00")).toBeLessThan(words.indexOf("segment 28"));
    expect(words).toContain("[card number removed]");
    expect(JSON.stringify(attributes).replace(/[ -]/g, "")).not.toContain(CARD.replace(/ /g, ""));
    expect(JSON.stringify(attributes)).not.toContain("ORDER-123456");

    const stored = await world.sessions.getSession(session.voiceContactId);
    expect(stored).toMatchObject({ status: "chat-started", chatContactId: chatId });
    expect((await world.sessions.findByChat(chatId))?.voiceContactId).toBe(session.voiceContactId);
    expect(world.connect.control.callCounts().StartContactStreaming).toBeGreaterThanOrEqual(1);
  });

  it("starts one chat with one context however often it is retried", async () => {
    const handle = "+447700900002";
    await world.deflectedSession({ handle });
    const before = world.chatContacts().length;
    const reply = world.reply(handle, "SM-b1", "Hello");
    const first = await resumeChat(world.resume, reply);
    const again = await resumeChat(world.resume, reply);
    const concurrent = await Promise.all([
      resumeChat(world.resume, reply),
      resumeChat(world.resume, reply),
    ]);
    expect(world.chatContacts().length).toBe(before + 1);
    for (const result of [again, ...concurrent]) {
      expect(result).toEqual({ ...first, outcome: "CHAT_STARTED" });
    }
    const items = await world.transcript(first.chatContactId ?? "");
    expect(items.map((item) => item.Content)).toEqual(["Hello"]);
  });

  it("knows a retried first reply from the connection, or from the first reply on older ones", async () => {
    const handle = "+447700900012";
    await world.deflectedSession({ handle });
    const reply = world.reply(handle, "SM-k1", "Hello once");
    const first = await resumeChat(world.resume, reply);
    const chatId = first.chatContactId ?? "";
    const stored = await world.resume.connections.getConnection(chatId);
    expect(stored?.firstReplyMessageId).toBe("SM-k1");
    // A connection stored before it named the first reply.
    await world.table.documentClient.send(
      new UpdateCommand({
        TableName: world.table.tableName,
        Key: { pk: `CHATCONN#${chatId}`, sk: "CUSTOMER" },
        UpdateExpression: "REMOVE firstReplyMessageId",
      }),
    );
    expect(await resumeChat(world.resume, reply)).toMatchObject({ outcome: "CHAT_STARTED" });
    const items = await world.transcript(chatId);
    expect(items.filter((item) => item.Content === "Hello once")).toHaveLength(1);
  });

  it("opens one chat when two different first messages race, and both reach it once", async () => {
    const handle = "+447700900003";
    await world.deflectedSession({ handle });
    const before = world.chatContacts().length;
    const results = await Promise.all([
      resumeChat(world.resume, world.reply(handle, "SM-c1", "first")),
      resumeChat(world.resume, world.reply(handle, "SM-c2", "second")),
    ]);
    expect(world.chatContacts().length).toBe(before + 1);
    expect(new Set(results.map((r) => r.chatContactId)).size).toBe(1);
    const contents = (await world.transcript(results[0]?.chatContactId ?? "")).map(
      (i) => i.Content,
    );
    expect(contents.filter((c) => c === "first")).toHaveLength(1);
    expect(contents.filter((c) => c === "second")).toHaveLength(1);
  });

  it("keeps the participant's tokens encrypted at rest", async () => {
    const handle = "+447700900004";
    await world.deflectedSession({ handle });
    const result = await resumeChat(world.resume, world.reply(handle, "SM-d1", "hi"));
    const chatId = result.chatContactId ?? "";
    const connection = await world.resume.connections.getConnection(chatId);
    const { Item } = await world.table.documentClient.send(
      new GetCommand({
        TableName: world.table.tableName,
        Key: { pk: `CHATCONN#${chatId}`, sk: "CUSTOMER" },
      }),
    );
    const raw = JSON.stringify(Item);
    expect(connection?.connectionToken).toBeTruthy();
    expect(raw).not.toContain(connection?.connectionToken ?? "?");
    expect(raw).not.toContain(connection?.participantToken ?? "?");
  });
});

describe("resume: later messages go into the live chat", () => {
  it("sends a follow-up into the same chat once, keyed by the provider's message id", async () => {
    const handle = "+447700900005";
    await world.deflectedSession({ handle });
    const opened = await resumeChat(world.resume, world.reply(handle, "SM-e1", "opening"));
    const followUp = world.reply(handle, "SM-e2", "and another thing");
    const sent = await resumeChat(world.resume, followUp);
    await resumeChat(world.resume, followUp);
    expect(sent).toMatchObject({ outcome: "SENT_TO_CHAT", chatContactId: opened.chatContactId });
    const contents = (await world.transcript(opened.chatContactId ?? "")).map((i) => i.Content);
    expect(contents.filter((c) => c === "and another thing")).toHaveLength(1);
    expect(contents.indexOf("opening")).toBeLessThan(contents.indexOf("and another thing"));
  });

  it("renews a connection token near its expiry before sending", async () => {
    const handle = "+447700900011";
    await world.deflectedSession({ handle });
    const opened = await resumeChat(world.resume, world.reply(handle, "SM-l1", "opening"));
    const chatId = opened.chatContactId ?? "";
    const before = await world.resume.connections.getConnection(chatId);
    // A margin longer than a token's day makes every stored token due for renewal.
    const eager = {
      ...world.resume,
      settings: { ...world.resume.settings, connectionRefreshMarginMs: 2 * 86_400_000 },
    };
    await resumeChat(eager, world.reply(handle, "SM-l2", "after renewal"));
    const after = await world.resume.connections.getConnection(chatId);
    expect(after?.connectionToken).not.toBe(before?.connectionToken);
    const contents = (await world.transcript(chatId)).map((i) => i.Content);
    expect(contents).toContain("after renewal");
  });

  it("sends nothing for a session that has ended", async () => {
    const handle = "+447700900012";
    const session = await world.deflectedSession({ handle });
    const expired = transition(session, { to: "expired", at: new Date() });
    await world.sessions.saveTransition(session, expired);
    const before = world.chatContacts().length;
    const result = await resumeChat(world.resume, world.reply(handle, "SM-m1", "late"));
    expect(result).toEqual({ outcome: "SESSION_CLOSED", voiceContactId: session.voiceContactId });
    expect(world.chatContacts().length).toBe(before);
  });

  it("splits a follow-up longer than a chat message into ordered parts", async () => {
    const handle = "+447700900006";
    await world.deflectedSession({ handle });
    const opened = await resumeChat(world.resume, world.reply(handle, "SM-f1", "opening"));
    const long = Array.from({ length: 300 }, (_, i) => `w${i}`).join(" ");
    await resumeChat(world.resume, world.reply(handle, "SM-f2", long));
    const parts = (await world.transcript(opened.chatContactId ?? ""))
      .map((i) => i.Content ?? "")
      .filter((c) => c.startsWith("w") || c.includes(" w299"));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join("")).toBe(long);
  });

  it("answers NO_SESSION for a customer nobody deflected and leaves Connect alone", async () => {
    const before = world.chatContacts().length;
    const result = await resumeChat(world.resume, world.reply("+447700900999", "SM-g1", "hi"));
    expect(result).toEqual({ outcome: "NO_SESSION" });
    expect(world.chatContacts().length).toBe(before);
  });
});

describe("resume handler", () => {
  const image = (handle: string, id: string, text: string) => ({
    pk: { S: `INBOX#whatsapp#${handle}` },
    sk: { S: `MSG#twilio#${id}` },
    state: { S: "pending" },
    channel: { S: "whatsapp" },
    provider: { S: "twilio" },
    providerMessageId: { S: id },
    handle: { S: handle },
    text: { S: text },
    media: { L: [] },
  });
  const record = (handle: string, id: string, text: string, seq: string) => ({
    eventName: "INSERT",
    dynamodb: {
      SequenceNumber: seq,
      Keys: { pk: { S: `INBOX#whatsapp#${handle}` } },
      NewImage: image(handle, id, text),
    },
  });

  it("routes a stream batch of inbox inserts in order and skips other items", async () => {
    const handle = "+447700900007";
    await world.deflectedSession({ handle });
    const answer = await world.handler({
      Records: [
        {
          eventName: "INSERT",
          dynamodb: { SequenceNumber: "0", Keys: { pk: { S: "CONTACT#x" } } },
        },
        record(handle, "SM-h1", "from the stream", "1"),
        record(handle, "SM-h2", "second in the batch", "2"),
      ],
    });
    expect(answer).toEqual({ batchItemFailures: [] });
    const session = await world.sessions.findByAddress({ channel: "whatsapp", handle });
    const contents = (await world.transcript(session?.chatContactId ?? "")).map((i) => i.Content);
    expect(contents.indexOf("from the stream")).toBe(0);
    expect(contents).toContain("second in the batch");
  });

  it("reports the failed record and every later one when Connect keeps failing", async () => {
    const handle = "+447700900008";
    await world.deflectedSession({ handle });
    world.connect.control.setFault("StartChatContact", { serverErrorRate: 1 });
    try {
      const answer = await world.handler({
        Records: [record(handle, "SM-i1", "one", "11"), record(handle, "SM-i2", "two", "12")],
      });
      expect(answer).toEqual({
        batchItemFailures: [{ itemIdentifier: "11" }, { itemIdentifier: "12" }],
      });
    } finally {
      world.connect.control.faults.clear("StartChatContact");
    }
    const retried = await world.handler({
      Records: [record(handle, "SM-i1", "one", "11"), record(handle, "SM-i2", "two", "12")],
    });
    expect(retried).toEqual({ batchItemFailures: [] });
  });

  /** A customer whose chat is open and whose route is published (two messages in). */
  async function liveCustomer(handle: string) {
    await world.deflectedSession({ handle });
    const opened = await resumeChat(world.resume, world.reply(handle, `${handle}-1`, "opening"));
    await resumeChat(world.resume, world.reply(handle, `${handle}-2`, "second"));
    const chat = opened.chatContactId ?? "";
    return async () => (await world.transcript(chat)).map((item) => item.Content);
  }

  it("routes a batch's customers side by side, each in order, reading their routes at once", async () => {
    const [a, b] = ["+447700900021", "+447700900022"];
    const [chatA, chatB] = [await liveCustomer(a), await liveCustomer(b)];
    const routes = world.resume.routes;
    if (!routes) throw new Error("resume has no live routes");
    const reads: string[] = [];
    const counted = {
      find: (...args: Parameters<typeof routes.find>) => {
        reads.push("find");
        return routes.find(...args);
      },
      findEach: (...args: Parameters<typeof routes.findEach>) => {
        reads.push("findEach");
        return routes.findEach(...args);
      },
      publish: routes.publish.bind(routes),
    };
    const handler = createResumeHandler({
      resume: { ...world.resume, routes: counted },
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    const answer = await handler({
      Records: [
        record(a, "SM-k3", "a three", "31"),
        record(b, "SM-k4", "b three", "32"),
        record(a, "SM-k5", "a four", "33"),
        record(b, "SM-k6", "b four", "34"),
      ],
    });
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(reads).toEqual(["findEach"]);
    expect(await chatA()).toEqual(["opening", "second", "a three", "a four"]);
    expect(await chatB()).toEqual(["opening", "second", "b three", "b four"]);
  });

  it("holds back only the failing customer's later messages, and reports the batch from the earliest", async () => {
    const [waiting, live] = ["+447700900023", "+447700900024"];
    await world.deflectedSession({ handle: waiting });
    const chatOfLive = await liveCustomer(live);
    const batch = {
      Records: [
        record(live, "SM-l1", "live one", "41"),
        record(waiting, "SM-l2", "waiting one", "42"),
        record(live, "SM-l3", "live two", "43"),
        record(waiting, "SM-l4", "waiting two", "44"),
      ],
    };
    world.connect.control.setFault("StartChatContact", { serverErrorRate: 1 });
    try {
      expect(await world.handler(batch)).toEqual({
        batchItemFailures: [
          { itemIdentifier: "42" },
          { itemIdentifier: "43" },
          { itemIdentifier: "44" },
        ],
      });
    } finally {
      world.connect.control.faults.clear("StartChatContact");
    }
    // The other customer's messages went on meanwhile, the one after the failure included.
    expect(await chatOfLive()).toEqual(["opening", "second", "live one", "live two"]);
    // Lambda delivers everything from the checkpoint again; a message already in is not repeated.
    const retried = await world.handler({ Records: batch.Records.slice(1) });
    expect(retried).toEqual({ batchItemFailures: [] });
    expect(await chatOfLive()).toEqual(["opening", "second", "live one", "live two"]);
    const session = await world.sessions.findByAddress({ channel: "whatsapp", handle: waiting });
    const opened = (await world.transcript(session?.chatContactId ?? "")).map((i) => i.Content);
    expect(opened).toEqual(["waiting one", "waiting two"]);
  });

  it("takes one inbox item by direct invoke, and refuses an unreadable event without throwing", async () => {
    const handle = "+447700900009";
    await world.deflectedSession({ handle });
    const direct = await world.handler({
      pk: `INBOX#whatsapp#${handle}`,
      sk: "MSG#twilio#SM-j1",
      channel: "whatsapp",
      provider: "twilio",
      providerMessageId: "SM-j1",
      handle,
      text: "direct",
      media: [],
    });
    expect(direct).toMatchObject({ outcome: "CHAT_STARTED" });
    expect(await world.handler({ nonsense: true })).toBeUndefined();
    expect(world.logged).toContain("resume got an event it cannot read");
  });
});

describe("resume: streaming", () => {
  it("streams the new chat's items to the relay's topic", async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      req.on("data", (chunk: Buffer) => received.push(chunk.toString()));
      req.on("end", () => res.end());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    world.connect.control.subscribe(RELAY_TOPIC, `http://127.0.0.1:${port}/sns`);
    try {
      const handle = "+447700900010";
      await world.deflectedSession({ handle });
      const opened = await resumeChat(world.resume, world.reply(handle, "SM-k1", "stream me"));
      // Streaming starts after the chat's initial message; the next message is streamed.
      await resumeChat(world.resume, world.reply(handle, "SM-k2", "and me"));
      await world.connect.control.flushStreaming();
      const deliveries = world.connect.control
        .deliveries()
        .filter((d) => d.contactId === opened.chatContactId);
      expect(deliveries.length).toBeGreaterThan(0);
      expect(deliveries.every((d) => d.topicArn === RELAY_TOPIC)).toBe(true);
      expect(received.join("")).toContain(opened.chatContactId ?? "?");
    } finally {
      server.close();
    }
  });
});
