import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../shared-http/webhook-receiver.ts";
import { type MetaEmulator, startMetaEmulator } from "./index.ts";

let emulator: MetaEmulator;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startMetaEmulator({ webhookUrl: `${receiver.url}/messenger` });
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

const upload = (body: unknown) =>
  fetch(`${emulator.url}/__emulator/attachments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("Meta emulator: the stand-in for Meta's CDN", () => {
  it("serves a stored file at a public URL a customer's message event can carry", async () => {
    const stored = await upload({
      contentType: "application/pdf",
      base64: Buffer.from("%PDF-1.7 a receipt").toString("base64"),
      fileName: "receipt.pdf",
    });
    expect(stored.status).toBe(200);
    const { url } = (await stored.json()) as { url: string };
    expect(url).toMatch(/\/receipt\.pdf$/);
    // Public: fetched with no credentials, as the Messenger Platform's attachment URLs are.
    const file = await fetch(url);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(await file.text()).toBe("%PDF-1.7 a receipt");

    await emulator.customerSends({
      psid: "24019283746501234",
      attachments: [{ type: "file", url }],
    });
    const event = JSON.parse(receiver.received.at(-1)?.body ?? "{}").entry[0].messaging[0];
    expect(event.message.attachments).toEqual([{ type: "file", payload: { url } }]);
  });

  it("refuses a body that is not a file, and answers 404 for one it never stored", async () => {
    expect((await upload({ contentType: "image/png" })).status).toBe(400);
    const missing = await fetch(`${emulator.url}/__emulator/attachments/nope/file`);
    expect(missing.status).toBe(404);
  });
});
