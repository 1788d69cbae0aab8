import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DependencyFailedError } from "../../core/errors.ts";
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from "../../emulators/shared-http/webhook-receiver.ts";
import { startTwilioEmulator, type TwilioEmulator } from "../../emulators/twilio/index.ts";
import { TwilioMediaSource } from "./twilio-media-source.ts";

const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9, 8, 7, 6]);
const MAX = 20 * 1024 * 1024;

let emulator: TwilioEmulator;
let receiver: WebhookReceiver;
let source: TwilioMediaSource;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startTwilioEmulator({ webhookUrl: `${receiver.url}/twilio/whatsapp` });
  source = new TwilioMediaSource({
    accountSid: emulator.accountSid,
    authToken: emulator.authToken,
    apiOrigin: emulator.url,
  });
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});
beforeEach(() => {
  emulator.reset();
  receiver.received.length = 0;
});

/** The customer sends one file; answers the MediaUrl0/MediaContentType0 the webhook carried. */
async function customerSendsFile(contentType: string, content: Uint8Array<ArrayBuffer>) {
  await emulator.customerSends({
    from: "whatsapp:+15551234567",
    to: "whatsapp:+15557654321",
    media: [{ contentType, content }],
  });
  const params = new URLSearchParams(receiver.received.at(-1)?.body ?? "");
  return { url: params.get("MediaUrl0") ?? "", contentType: params.get("MediaContentType0") ?? "" };
}

const mediaFetches = () => emulator.requests.list().filter((r) => r.path.includes("/Media/"));

describe("TwilioMediaSource against the Twilio emulator", () => {
  it("fetches the bytes and type of a file the customer sent", async () => {
    const media = await customerSendsFile("image/jpeg", PHOTO);
    const result = await source.fetch(media, { maxBytes: MAX });
    expect(result).toEqual({ kind: "fetched", file: { bytes: PHOTO, contentType: "image/jpeg" } });
  });

  it("reports a file over the cap as too large, with the size Twilio declared", async () => {
    const media = await customerSendsFile("application/pdf", new Uint8Array(64));
    const result = await source.fetch(media, { maxBytes: 32 });
    expect(result).toEqual({ kind: "too-large", contentType: "application/pdf", sizeBytes: 64 });
  });

  it("answers unavailable for wrong credentials, an unknown file and a URL that is not Twilio's", async () => {
    const media = await customerSendsFile("image/png", PHOTO);
    const wrong = new TwilioMediaSource({
      accountSid: emulator.accountSid,
      authToken: "not-the-token",
      apiOrigin: emulator.url,
    });
    expect(await wrong.fetch(media, { maxBytes: MAX })).toMatchObject({ kind: "unavailable" });
    const unknown = { url: media.url.replace(/ME[0-9a-f]{32}$/, `ME${"0".repeat(32)}`) };
    expect(await source.fetch(unknown, { maxBytes: MAX })).toMatchObject({ kind: "unavailable" });
    const elsewhere = await source.fetch({ url: `${receiver.url}/steal` }, { maxBytes: MAX });
    expect(elsewhere).toEqual({ kind: "unavailable", reason: "not a Twilio media URL" });
    expect(receiver.received.filter((r) => r.path === "/steal")).toEqual([]);
  });

  it("retries a 503 and gets the file", async () => {
    const media = await customerSendsFile("image/jpeg", PHOTO);
    emulator.faults.failNext("media.fetch", { status: 503 }, 2);
    const result = await source.fetch(media, { maxBytes: MAX });
    expect(result.kind).toBe("fetched");
    expect(mediaFetches()).toHaveLength(3);
  });

  it("fails for a later retry after its bounded retries, and at once for a long Retry-After", async () => {
    const media = await customerSendsFile("image/jpeg", PHOTO);
    emulator.faults.failNext("media.fetch", { status: 500 }, 3);
    await expect(source.fetch(media, { maxBytes: MAX })).rejects.toBeInstanceOf(
      DependencyFailedError,
    );
    expect(mediaFetches()).toHaveLength(3);
    emulator.faults.failNext("media.fetch", { status: 429, retryAfterSeconds: 30 });
    await expect(source.fetch(media, { maxBytes: MAX })).rejects.toMatchObject({
      details: { httpStatus: 429, retryable: true },
    });
    expect(mediaFetches()).toHaveLength(4);
  });
});

/** A stand-in host: Twilio's API redirecting to a CDN, recording who sent credentials. */
async function startHost(handle: Parameters<typeof createServer>[1]) {
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("TwilioMediaSource with hosts the emulator does not cover", () => {
  it("sends the credentials to Twilio's origin only, not to the CDN it redirects to", async () => {
    const seen: { host: string; headers: IncomingHttpHeaders }[] = [];
    const cdn = await startHost((req, res) => {
      seen.push({ host: "cdn", headers: req.headers });
      res.writeHead(200, { "content-type": "image/png" }).end(Buffer.from([1, 2]));
    });
    const api = await startHost((req, res) => {
      seen.push({ host: "api", headers: req.headers });
      res.writeHead(307, { location: `${cdn.origin}/object` }).end();
    });
    try {
      const twilio = new TwilioMediaSource({
        accountSid: "AC1",
        authToken: "t",
        apiOrigin: api.origin,
      });
      const result = await twilio.fetch({ url: `${api.origin}/Media/ME1` }, { maxBytes: MAX });
      expect(result).toMatchObject({ kind: "fetched", file: { contentType: "image/png" } });
      expect(seen.map((s) => [s.host, s.headers.authorization])).toEqual([
        ["api", `Basic ${Buffer.from("AC1:t").toString("base64")}`],
        ["cdn", undefined],
      ]);
    } finally {
      await Promise.all([api.close(), cdn.close()]);
    }
  });

  it("stops reading a body without Content-Length once it passes the cap", async () => {
    const api = await startHost((_req, res) => {
      res.writeHead(200, { "content-type": "application/pdf", "transfer-encoding": "chunked" });
      res.write(Buffer.alloc(40));
      res.end(Buffer.alloc(40));
    });
    try {
      const twilio = new TwilioMediaSource({
        accountSid: "AC1",
        authToken: "t",
        apiOrigin: api.origin,
      });
      const result = await twilio.fetch({ url: `${api.origin}/Media/ME2` }, { maxBytes: 50 });
      expect(result).toEqual({ kind: "too-large", contentType: "application/pdf" });
    } finally {
      await api.close();
    }
  });
});
