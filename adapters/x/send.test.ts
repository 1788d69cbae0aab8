import { describe, expect, it } from "vitest";
import { DependencyFailedError } from "../../core/errors.ts";
import { useMessagingEmulator } from "../../emulators/shared-http/test-support/messaging-emulator.ts";
import { startXEmulator } from "../../emulators/x/index.ts";
import { expectRefused, rejection, useSenderUnderTest } from "../test-support/sender-under-test.ts";
import { xSenderUnderTest } from "./test-support/x-sender-under-test.ts";

const CUSTOMER_ID = "1460000000000000001";
const to = { channel: "x", handle: CUSTOMER_ID } as const;

const { emulator } = useMessagingEmulator({ start: () => startXEmulator() });
const channel = useSenderUnderTest(emulator, xSenderUnderTest);

describe("XDirectMessageSender against the X emulator (HTTPS, OAuth 1.0a)", () => {
  it("sends a v2 DM to the participant with twitter-api-v2", async () => {
    const result = await channel().send({
      kind: "text",
      to,
      text: "Hi from support",
      reference: "r1",
    });
    const [sent] = emulator().sent({ participantId: CUSTOMER_ID });
    expect(sent).toMatchObject({ id: result.providerMessageId, text: "Hi from support" });
    const [request] = emulator().requests.list();
    expect(request).toMatchObject({
      method: "POST",
      path: `/2/dm_conversations/with/${CUSTOMER_ID}/messages`,
    });
    expect(String(request?.headers.authorization)).toMatch(/^OAuth /);
  });

  it("reports a customer whose DMs are closed to us as NOT_ALLOWED", async () => {
    emulator().closeDms(CUSTOMER_ID);
    await expectRefused(channel().send({ kind: "text", to, text: "hi", reference: "r2" }), {
      reason: "NOT_ALLOWED",
      status: 403,
    });
  });

  it("reports throttling it cannot wait out as a dependency failure, not a rejection", async () => {
    emulator().faults.failNext("*", { status: 429, retryAfterSeconds: 60 }, 1);
    const error = await rejection(
      channel().send({ kind: "text", to, text: "hi", reference: "r3" }),
    );
    expect(error).toBeInstanceOf(DependencyFailedError);
  });

  it("refuses templates and handles that are not user ids without calling X", async () => {
    const template = channel().send({
      kind: "template",
      to,
      templateId: "t",
      variables: {},
      reference: "r4",
    });
    expect(await rejection(template)).toMatchObject({
      details: { reason: "TEMPLATE_UNSUPPORTED" },
    });
    const bad = channel().send({
      kind: "text",
      to: { channel: "x", handle: "@ana" },
      text: "hi",
      reference: "r5",
    });
    expect(await rejection(bad)).toMatchObject({ details: { reason: "INVALID_ADDRESS" } });
    expect(emulator().requests.list()).toHaveLength(0);
  });
});
