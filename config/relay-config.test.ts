import { describe, expect, it } from "vitest";
import { InvalidConfigError } from "../core/errors.ts";
import { loadRelayConfig } from "./relay-config.ts";

const KEY = Buffer.alloc(32, 5).toString("base64");
const required = { DEFLECT_TABLE_NAME: "deflect", DEFLECT_RESUME_TOKEN_KEY: KEY };

describe("loadRelayConfig", () => {
  it("fills defaults around the required table name and token key", () => {
    const config = loadRelayConfig(required);
    expect(config).toMatchObject({
      tableName: "deflect",
      region: "us-east-1",
      claimLeaseSeconds: 60,
      subscriberPort: 0,
      confirmSubscriptions: "record",
    });
    expect(config.closingText).toMatch(/ended/);
    expect(config.whatsAppReplyTemplateSid).toBeUndefined();
    expect(config.tokenKey).toHaveLength(32);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reads the reply template, lease and local subscriber settings", () => {
    const config = loadRelayConfig({
      ...required,
      DEFLECT_CONNECT_ENDPOINT: "http://127.0.0.1:4010",
      DEFLECT_RELAY_WHATSAPP_TEMPLATE_SID: "HX1",
      DEFLECT_RELAY_CLAIM_LEASE_SECONDS: "20",
      DEFLECT_RELAY_CONFIRM_SUBSCRIPTIONS: "loopback",
      DEFLECT_RELAY_SUBSCRIBER_PORT: "8089",
    });
    expect(config).toMatchObject({
      whatsAppReplyTemplateSid: "HX1",
      claimLeaseSeconds: 20,
      confirmSubscriptions: "loopback",
      subscriberPort: 8089,
      connectEndpoint: "http://127.0.0.1:4010",
      connectParticipantEndpoint: "http://127.0.0.1:4010",
    });
  });

  it("names the offending key", () => {
    expect(() => loadRelayConfig({})).toThrow(InvalidConfigError);
    expect(() =>
      loadRelayConfig({ ...required, DEFLECT_RELAY_CONFIRM_SUBSCRIPTIONS: "always" }),
    ).toThrow(/DEFLECT_RELAY_CONFIRM_SUBSCRIPTIONS/);
    expect(() => loadRelayConfig({ DEFLECT_TABLE_NAME: "t" })).toThrow(/DEFLECT_RESUME_TOKEN_KEY/);
  });
});
