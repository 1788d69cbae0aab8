import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChannelRejectedError } from "../../core/errors.ts";
import { captureOutput } from "../../test/support/captured-output.ts";
import { maskedLogger, maskHandles } from "./masked-logger.ts";

let output: ReturnType<typeof captureOutput>;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

describe("maskedLogger", () => {
  it("prints no customer handle, in keys, messages or the errors it serializes", () => {
    const logger = maskedLogger("relay");
    // As Twilio quotes the number back in its error, which an adapter keeps as message and cause.
    const vendor = Object.assign(new Error("The 'To' number +447911123456 is not valid"), {
      status: 400,
      moreInfo: "https://www.twilio.com/docs/errors/21211",
    });
    const error = new ChannelRejectedError(vendor.message, {
      cause: vendor,
      details: { reason: "INVALID_ADDRESS" },
    });
    logger.error("relay dropped a notification", {
      error,
      address: { channel: "whatsapp", handle: "whatsapp:+447911123456" },
      telegram: { handle: "987654321" },
      messenger: { handle: "6543210987654321" },
      note: "reply from telegram#123456789 arrived",
    });

    const text = output.text();
    for (const raw of ["447911123456", "987654321", "6543210987654321", "123456789"]) {
      expect(text).not.toContain(raw);
    }
    const [line] = output.logs();
    expect(line).toMatchObject({
      message: "relay dropped a notification",
      service: "relay",
      address: { channel: "whatsapp", handle: "whatsapp:+********3456" },
      telegram: { handle: "*****4321" },
      messenger: { handle: "************4321" },
      note: "reply from telegram#*****6789 arrived",
      error: {
        name: "ChannelRejectedError",
        message: "The 'To' number +********3456 is not valid",
        cause: { message: "The 'To' number +********3456 is not valid", status: 400 },
      },
    });
  });

  it("leaves ids that are not handles as they are: ARNs, UUIDs, times, short numbers", () => {
    const arn = "arn:aws:lambda:eu-west-2:111122223333:function:deflect";
    const contactId = "5f0d2e6a-1c44-4c8e-9a51-123456789012";
    for (const value of [arn, contactId, "2026-06-10T12:00:05.123Z", "waited 900 s", "1.2345678"]) {
      expect(maskHandles("note", value)).toBe(value);
    }
    expect(maskHandles("waitSeconds", 12345678)).toBe(12345678);
  });
});
