import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RelayWorld, startRelayWorld } from "./relay-world.ts";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

let world: RelayWorld;
let nextNumber = 500;
const customer = () => `+4479111${String(nextNumber++).padStart(5, "0")}`;

beforeAll(async () => {
  world = await startRelayWorld();
});
afterAll(async () => {
  await world?.close();
});

/** The agent (on the chat already) attaches a file; the relay has had its notification. */
async function agentAttaches(
  contactId: string,
  file: { name: string; type: string; bytes: Buffer },
) {
  const { itemId } = world.connect.control.agentSendAttachment("alice", contactId, {
    fileName: file.name,
    contentType: file.type,
    bytes: file.bytes,
  });
  await world.connect.control.flushStreaming();
  return itemId;
}

describe("relay streaming an agent's attachment to the customer", () => {
  it("sends the image as MMS from Connect's link once, however often SNS delivers it", async () => {
    const number = customer();
    const chat = await world.openChat({ channel: "sms", handle: number, repliedHoursAgo: 1 });
    world.connect.control.agentAccept("alice", chat.contactId);
    const itemId = await agentAttaches(chat.contactId, {
      name: "receipt.png",
      type: "image/png",
      bytes: PNG,
    });
    expect(await world.redeliver(itemId)).toBe(200);
    expect(world.outcomes.get(itemId)).toEqual({ action: "duplicate" });
    const sent = world.twilio.sent({ to: number });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.mediaUrls[0]).toContain(`${world.connect.url}/__emulator/attachments/`);
    // Twilio fetched the file from the link while it was valid.
    await vi.waitFor(() =>
      expect(world.twilio.sent({ to: number })[0]?.media).toEqual([
        expect.objectContaining({ contentType: "image/png", sizeInBytes: PNG.length }),
      ]),
    );
  });

  it("tells the agent in the chat, once, that WhatsApp cannot carry a Word file", async () => {
    const number = customer();
    const chat = await world.openChat({ channel: "whatsapp", handle: number, repliedHoursAgo: 1 });
    world.connect.control.agentAccept("alice", chat.contactId);
    const itemId = await agentAttaches(chat.contactId, {
      name: "letter.docx",
      type: WORD,
      bytes: Buffer.from("PK"),
    });
    await world.redeliver(itemId);
    expect(world.twilio.sent({ to: `whatsapp:${number}` })).toEqual([]);
    expect(world.noticesIn(chat.contactId)).toEqual([
      "[Automatic notice, not from the customer] Not delivered to the customer: WhatsApp cannot carry Word files.",
    ]);
  });
});
