import { describe, expect, it } from "vitest";
import { customerReply, inboxItemSchema, parseInboxImage } from "./inbox-record.ts";

// An INBOX# item as adapters/dynamodb/dynamo-inbound-inbox.ts writes it.
const item = {
  pk: "INBOX#whatsapp#+447700900123",
  sk: "MSG#twilio#MM1",
  state: "pending",
  channel: "whatsapp",
  provider: "twilio",
  providerMessageId: "MM1",
  handle: "+447700900123",
  text: "",
  media: [
    {
      url: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1",
      contentType: "image/jpeg",
    },
    { url: "https://scontent.xx.fbcdn.net/v/1_n.jpg" },
    { note: "not an attachment" },
  ],
};

describe("customerReply from an inbox item", () => {
  it("keeps each attachment's URL and type, and counts every entry", () => {
    const reply = customerReply(inboxItemSchema.parse(item));
    expect(reply.mediaCount).toBe(3);
    expect(reply.media).toEqual([item.media[0], item.media[1]]);
  });

  it("reads the same attachments from the table stream's typed image", () => {
    const S = (value: string) => ({ S: value });
    const image = {
      ...Object.fromEntries(
        Object.entries(item).flatMap(([k, v]) => (typeof v === "string" ? [[k, S(v)]] : [])),
      ),
      // How the document client writes the list of attachment objects.
      media: {
        L: [
          { M: { url: S(item.media[0]?.url ?? ""), contentType: S("image/jpeg") } },
          { M: { url: S(item.media[1]?.url ?? "") } },
          { M: { note: S("not an attachment") } },
        ],
      },
    };
    const parsed = parseInboxImage(image);
    if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
    const reply = customerReply(parsed.data);
    expect(reply.mediaCount).toBe(3);
    expect(reply.media).toEqual([item.media[0], item.media[1]]);
  });

  it("drops a media entry whose URL is not http(s)", () => {
    const reply = customerReply(
      inboxItemSchema.parse({ ...item, media: [{ url: "file:///etc/passwd" }] }),
    );
    expect(reply).toMatchObject({ mediaCount: 1, media: [] });
  });
});
