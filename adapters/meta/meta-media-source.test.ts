import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MetaMediaSource } from "./meta-media-source.ts";

// The Meta emulator names attachments by URL and serves none, so a local host stands in for
// Meta's CDN; the source is told to trust its origin.
let cdn: Server;
let origin: string;
const requests: { path: string; authorization: string | undefined }[] = [];

beforeAll(async () => {
  cdn = createServer((req, res) => {
    requests.push({ path: req.url ?? "", authorization: req.headers.authorization });
    if (req.url?.startsWith("/v/invoice.pdf")) {
      res.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.4");
    } else if (req.url === "/v/12345_n") {
      res.writeHead(200, { "content-type": "image/jpeg" }).end(Buffer.from([0xff, 0xd8]));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => cdn.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => cdn.close(() => resolve())));

describe("MetaMediaSource", () => {
  it("fetches an attachment without credentials, named after its URL's file name", async () => {
    const source = new MetaMediaSource({ mediaOrigin: origin });
    const result = await source.fetch(
      { url: `${origin}/v/invoice.pdf?_nc_sig=abc`, contentType: "file" },
      { maxBytes: 1024 },
    );
    expect(result).toEqual({
      kind: "fetched",
      file: {
        bytes: new TextEncoder().encode("%PDF-1.4"),
        contentType: "application/pdf",
        fileName: "invoice.pdf",
      },
    });
    expect(requests.at(-1)?.authorization).toBeUndefined();
  });

  it("leaves the name to the caller when the URL has none, and reports a missing file", async () => {
    const source = new MetaMediaSource({ mediaOrigin: origin });
    const photo = await source.fetch({ url: `${origin}/v/12345_n` }, { maxBytes: 1024 });
    expect(photo).toMatchObject({ kind: "fetched", file: { contentType: "image/jpeg" } });
    expect(photo.kind === "fetched" && "fileName" in photo.file).toBe(false);
    const gone = await source.fetch({ url: `${origin}/v/expired` }, { maxBytes: 1024 });
    expect(gone).toMatchObject({ kind: "unavailable" });
  });

  it("fetches nothing outside Meta's CDN", async () => {
    const before = requests.length;
    const source = new MetaMediaSource();
    for (const url of [`${origin}/v/invoice.pdf`, "http://scontent.xx.fbcdn.net/a.jpg", "nope"]) {
      expect(await source.fetch({ url }, { maxBytes: 1024 })).toMatchObject({
        kind: "unavailable",
      });
    }
    expect(requests.length).toBe(before);
  });
});
