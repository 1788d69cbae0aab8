import { describe, expect, it } from "vitest";
import {
  useFileHost,
  useMessagingEmulator,
} from "../shared-http/test-support/messaging-emulator.ts";
import { fileOfSize, ONE_PAGE_PDF, PNG_1X1 } from "../shared-http/test-support/sample-files.ts";
import { startTelegramEmulator } from "./index.ts";

const USER = 428_731_902;
const MB = 1024 * 1024;
const WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

interface BotApiReply {
  ok: boolean;
  result?: Record<string, unknown>;
  error_code?: number;
  description?: string;
}

const files = useFileHost();
const { emulator } = useMessagingEmulator({
  start: (receiverUrl) => startTelegramEmulator({ webhookUrl: `${receiverUrl}/telegram` }),
  // A bot reaches a user only after the user wrote to it.
  beforeEachTest: (telegram) => telegram.customerSends({ userId: USER, text: "/start" }),
});

async function call(method: string, params: Record<string, unknown>) {
  const response = await fetch(`${emulator().url}/bot${emulator().botToken}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return { status: response.status, reply: (await response.json()) as BotApiReply };
}

describe("Telegram emulator: sendPhoto and sendDocument by URL", () => {
  it("downloads a photo by URL and answers the Message with its PhotoSize", async () => {
    const url = files().put("photo.png", PNG_1X1);
    const { status, reply } = await call("sendPhoto", { chat_id: USER, photo: url, caption: "Hi" });
    expect(status).toBe(200);
    expect(reply.result).toMatchObject({
      chat: { id: USER },
      caption: "Hi",
      photo: [{ width: 1, height: 1, file_size: PNG_1X1.bytes.length }],
    });
    expect(emulator().sent({ chatId: USER })[0]?.media).toEqual({
      url,
      contentType: "image/png",
      sizeInBytes: PNG_1X1.bytes.length,
    });
  });

  it("sends a PDF by URL as a document named after the link", async () => {
    const url = files().put("invoice.pdf", ONE_PAGE_PDF);
    const { reply } = await call("sendDocument", { chat_id: USER, document: url });
    expect(reply.result).toMatchObject({
      document: { file_name: "invoice.pdf", mime_type: "application/pdf" },
    });
  });

  it("refuses by URL what Telegram only takes as an upload: a Word document", async () => {
    const url = files().put("letter.docx", { contentType: WORD, bytes: Buffer.from("PK") });
    const { status, reply } = await call("sendDocument", { chat_id: USER, document: url });
    expect(status).toBe(400);
    expect(reply.description).toBe("Bad Request: wrong type of the web page content");
    expect(emulator().sent({ chatId: USER })).toHaveLength(0);
  });

  it("refuses a link it cannot get, a photo over 5 MB and a file id it never issued", async () => {
    const gone = await call("sendPhoto", {
      chat_id: USER,
      photo: files().failing("gone.png", 404),
    });
    const big = files().put("big.png", fileOfSize("image/png", 5 * MB + 1));
    const tooBig = await call("sendPhoto", { chat_id: USER, photo: big });
    const unknown = await call("sendPhoto", { chat_id: USER, photo: "AgACAgQAAxkBAAIB" });
    expect(gone.reply.description).toBe("Bad Request: failed to get HTTP URL content");
    expect(tooBig.reply.description).toBe("Bad Request: wrong file identifier/HTTP URL specified");
    expect(unknown.reply).toMatchObject({ ok: false, error_code: 400 });
  });
});
