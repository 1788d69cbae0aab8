import { ApiResponseError, TwitterApi } from "twitter-api-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startXEmulator, type XEmulator } from "./index.ts";

let emulator: XEmulator;
beforeAll(async () => {
  emulator = await startXEmulator({ screenName: "acme_help" });
});
afterAll(() => emulator.close());

/** twitter-api-v2 has no base-URL option; setPrefix is protected (protocols.md §7.2). */
function clientWith(accessSecret: string): TwitterApi {
  const { consumerKey, consumerSecret, accessToken } = emulator.credentials;
  const client = new TwitterApi(
    { appKey: consumerKey, appSecret: consumerSecret, accessToken, accessSecret },
    { httpAgent: emulator.httpsAgent() },
  );
  (client.v2 as unknown as { setPrefix(prefix: string): void }).setPrefix(`${emulator.url}/2/`);
  return client;
}

describe("X emulator: GET /2/users/me through twitter-api-v2", () => {
  it("answers the account's user for its OAuth 1.0a credentials", async () => {
    const me = await clientWith(emulator.credentials.accessTokenSecret).v2.me();
    expect(me.data).toMatchObject({ username: "acme_help" });
    expect(me.data.id).toMatch(/^\d+$/);
  });

  it("refuses a wrong access secret with 401", async () => {
    const refused = clientWith("wrong-secret").v2.me();
    await expect(refused).rejects.toBeInstanceOf(ApiResponseError);
    await expect(refused).rejects.toMatchObject({ code: 401 });
  });
});
