import { ApiResponseError, TwitterApi } from "twitter-api-v2";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fileOfSize, ONE_PAGE_PDF, PNG_1X1 } from "../shared-http/test-support/sample-files.ts";
import { startXEmulator, type XEmulator } from "./index.ts";

const CUSTOMER = "1460000000000000001";
const MB = 1024 * 1024;

let emulator: XEmulator;
let client: TwitterApi;

beforeAll(async () => {
  emulator = await startXEmulator({ echoOwnSends: false });
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = emulator.credentials;
  client = new TwitterApi(
    {
      appKey: consumerKey,
      appSecret: consumerSecret,
      accessToken,
      accessSecret: accessTokenSecret,
    },
    { httpAgent: emulator.httpsAgent() },
  );
  // twitter-api-v2 has no base-URL option; setPrefix is protected (protocols.md §7.2).
  (client.v2 as unknown as { setPrefix(prefix: string): void }).setPrefix(`${emulator.url}/2/`);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

function sendDmWithMedia(mediaId: string) {
  return client.v2.sendDmToParticipant(CUSTOMER, { attachments: [{ media_id: mediaId }] });
}

async function refusal(promise: Promise<unknown>): Promise<ApiResponseError> {
  const error = await promise.then(
    () => expect.fail("expected X to refuse"),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiResponseError);
  return error as ApiResponseError;
}

describe("X emulator: v2 media upload and DM attachments, through twitter-api-v2", () => {
  it("takes a PNG in chunks, and a DM carries it by its media key", async () => {
    const mediaId = await client.v2.uploadMedia(PNG_1X1.bytes, {
      media_type: "image/png",
      media_category: "dm_image",
    });
    await sendDmWithMedia(mediaId);
    const [event] = emulator.sent({ participantId: CUSTOMER });
    expect(event?.attachments).toEqual({ media_keys: [`3_${mediaId}`] });
    expect(emulator.uploadedMedia(`3_${mediaId}`)).toEqual({
      mediaType: "image/png",
      category: "dm_image",
      bytes: PNG_1X1.bytes,
      sizeInBytes: PNG_1X1.bytes.length,
    });
  });

  it("puts the chunks of a larger file together in order", async () => {
    const file = fileOfSize("image/png", 2 * MB + 5);
    file.bytes.writeUInt32BE(0xdeadbeef, 2 * MB);
    const mediaId = await client.v2.uploadMedia(file.bytes, {
      media_type: "image/png",
      media_category: "dm_image",
    });
    expect(emulator.uploadedMedia(`3_${mediaId}`)?.bytes.equals(file.bytes)).toBe(true);
  });

  it("refuses a PDF and an image over 5 MB at initialize", async () => {
    const pdf = await refusal(
      client.v2.uploadMedia(ONE_PAGE_PDF.bytes, {
        // The library's type lists only what X takes; a caller can still send another.
        media_type: "application/pdf" as "image/png",
        media_category: "dm_image",
      }),
    );
    const big = await refusal(
      client.v2.uploadMedia(fileOfSize("image/png", 5 * MB + 1).bytes, {
        media_type: "image/png",
        media_category: "dm_image",
      }),
    );
    expect([pdf.code, big.code]).toEqual([400, 400]);
  });

  it("refuses a DM naming media it does not have, or media already sent", async () => {
    const unknown = await refusal(sendDmWithMedia("1234567890123456789"));
    expect(unknown.code).toBe(400);
    const mediaId = await client.v2.uploadMedia(PNG_1X1.bytes, {
      media_type: "image/png",
      media_category: "dm_image",
    });
    await sendDmWithMedia(mediaId);
    expect((await refusal(sendDmWithMedia(mediaId))).code).toBe(400);
    expect(emulator.sent({ participantId: CUSTOMER })).toHaveLength(1);
  });
});
