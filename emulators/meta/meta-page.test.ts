import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MetaEmulator, startMetaEmulator } from "./index.ts";

let emulator: MetaEmulator;
beforeAll(async () => {
  emulator = await startMetaEmulator();
});
afterAll(() => emulator.close());

// Meta ships no Node SDK for the Graph API; its docs call it with plain HTTPS requests.
const me = (query: string) => fetch(`${emulator.url}/v21.0/me?${query}`);

describe("Meta emulator: GET /v{N}/me with a page access token", () => {
  it("answers the page's name and id for the page token", async () => {
    const response = await me(`access_token=${encodeURIComponent(emulator.pageAccessToken)}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: "Connect Deflect", id: emulator.pageId });
  });

  it("refuses a wrong token with code 190 and a missing one with code 104", async () => {
    const wrong = await me("access_token=EAAwrong");
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: { code: 190, type: "OAuthException" } });
    const none = await me("");
    expect(await none.json()).toMatchObject({ error: { code: 104 } });
  });
});
