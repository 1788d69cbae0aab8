import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTwilioEmulator, type TwilioEmulator } from "./index.ts";
import { createLocalTwilioClient } from "./local-client.ts";

let emulator: TwilioEmulator;
beforeAll(async () => {
  emulator = await startTwilioEmulator();
});
afterAll(() => emulator.close());

describe("Twilio emulator: the Account resource through the twilio client", () => {
  it("fetches the account for its own credentials, active, without the auth token", async () => {
    const { accountSid, authToken, url } = emulator;
    const client = createLocalTwilioClient({ emulatorUrl: url, accountSid, authToken });
    const account = await client.api.v2010.accounts(accountSid).fetch();
    expect(account).toMatchObject({ sid: accountSid, status: "active", type: "Full" });
    expect(account.dateCreated).toBeInstanceOf(Date);
    expect(JSON.stringify(account.toJSON())).not.toContain(authToken);
  });

  it("reports the status it was started with", async () => {
    const suspended = await startTwilioEmulator({ accountStatus: "suspended" });
    try {
      const { accountSid, authToken, url } = suspended;
      const client = createLocalTwilioClient({ emulatorUrl: url, accountSid, authToken });
      expect((await client.api.v2010.accounts(accountSid).fetch()).status).toBe("suspended");
    } finally {
      await suspended.close();
    }
  });

  it("refuses a wrong auth token with 401 (code 20003) and another account with 404", async () => {
    const { accountSid, url } = emulator;
    const wrong = createLocalTwilioClient({ emulatorUrl: url, accountSid, authToken: "nope" });
    await expect(wrong.api.v2010.accounts(accountSid).fetch()).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
    const own = createLocalTwilioClient({
      emulatorUrl: url,
      accountSid,
      authToken: emulator.authToken,
    });
    const other = `AC${"0".repeat(32)}`;
    await expect(own.api.v2010.accounts(other).fetch()).rejects.toMatchObject({ status: 404 });
  });
});
