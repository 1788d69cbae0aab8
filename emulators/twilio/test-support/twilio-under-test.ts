import type twilio from "twilio";
import { beforeAll } from "vitest";
import {
  type MessagingEmulatorOptions,
  useMessagingEmulator,
} from "../../shared-http/test-support/messaging-emulator.ts";
import type { TwilioEmulator } from "../index.ts";
import { createLocalTwilioClient } from "../local-client.ts";

/**
 * The Twilio emulator and its webhook receiver for a test file (see `useMessagingEmulator`),
 * with the official client aimed at it under the emulator's own account.
 */
export function useTwilioEmulator(options: MessagingEmulatorOptions<TwilioEmulator>) {
  const harness = useMessagingEmulator(options);
  let client: twilio.Twilio | undefined;
  beforeAll(() => {
    const emulator = harness.emulator();
    client = createLocalTwilioClient({
      emulatorUrl: emulator.url,
      accountSid: emulator.accountSid,
      authToken: emulator.authToken,
    });
  });
  const officialClient = (): twilio.Twilio => {
    if (!client) throw new Error("the Twilio client is made in beforeAll");
    return client;
  };
  return { ...harness, client: officialClient };
}
