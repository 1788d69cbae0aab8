import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LineEmulator, startLineEmulator } from "./index.ts";

let emulator: LineEmulator;
beforeAll(async () => {
  emulator = await startLineEmulator();
});
afterAll(() => emulator.close());

const botInfo = (token: string) =>
  fetch(`${emulator.url}/v2/bot/info`, { headers: { authorization: `Bearer ${token}` } });

describe("LINE emulator: GET /v2/bot/info", () => {
  it("answers the bot's user id for its channel access token, 401 for another", async () => {
    const ok = await botInfo(emulator.channelAccessToken);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ userId: emulator.botUserId, chatMode: "bot" });
    expect((await botInfo("wrong")).status).toBe(401);
  });
});
