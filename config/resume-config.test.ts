import { describe, expect, it } from "vitest";
import { InvalidConfigError } from "../core/errors.ts";
import { loadResumeConfig } from "./resume-config.ts";

const KEY = Buffer.alloc(32, 7).toString("base64");
const valid = {
  DEFLECT_TABLE_NAME: "deflect",
  DEFLECT_RESUME_CONTACT_FLOW_ID: "flow-1",
  DEFLECT_RESUME_RELAY_TOPIC_ARN: "arn:aws:sns:eu-west-2:111122223333:deflect-relay",
  DEFLECT_RESUME_TOKEN_KEY: KEY,
  DEFLECT_CONNECT_ENDPOINT: "http://127.0.0.1:4000",
};

describe("loadResumeConfig", () => {
  it("reads a minimal environment with defaults, the participant endpoint following Connect's", () => {
    const config = loadResumeConfig(valid);
    expect(config).toMatchObject({
      region: "us-east-1",
      contactFlowId: "flow-1",
      displayName: "Customer",
      redactPatterns: [],
      connectParticipantEndpoint: "http://127.0.0.1:4000",
    });
    expect(config.tokenKey).toHaveLength(32);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("streams to the topic by default, and needs no topic when the relay runs on websockets", () => {
    expect(loadResumeConfig(valid).relay).toEqual({
      mode: "streaming",
      topicArn: valid.DEFLECT_RESUME_RELAY_TOPIC_ARN,
    });
    const { DEFLECT_RESUME_RELAY_TOPIC_ARN: _topic, ...noTopic } = valid;
    expect(loadResumeConfig({ ...noTopic, DEFLECT_RELAY_MODE: "websocket" }).relay).toEqual({
      mode: "websocket",
    });
    expect(() => loadResumeConfig(noTopic)).toThrow(/DEFLECT_RESUME_RELAY_TOPIC_ARN/);
    expect(() => loadResumeConfig({ ...valid, DEFLECT_RELAY_MODE: "polling" })).toThrow(
      /DEFLECT_RELAY_MODE/,
    );
  });

  it("takes redaction patterns as a JSON array of regular expressions", () => {
    const config = loadResumeConfig({
      ...valid,
      DEFLECT_REDACT_PATTERNS: '["ORDER-\\\\d{6}"]',
    });
    expect(config.redactPatterns).toEqual(["ORDER-\\d{6}"]);
  });

  it("redacts card numbers from customer messages by default, and what the setting names", () => {
    expect(loadResumeConfig(valid).customerMessageRedaction).toEqual({
      cardNumbers: true,
      nationalIds: false,
      patterns: [],
    });
    const pattern = { DEFLECT_REDACT_PATTERNS: '["ORDER-\\\\d{6}"]' };
    const named = (setting: string) =>
      loadResumeConfig({ ...valid, ...pattern, DEFLECT_RESUME_REDACT_CUSTOMER_MESSAGES: setting })
        .customerMessageRedaction;
    expect(named("national-ids, Patterns")).toEqual({
      cardNumbers: false,
      nationalIds: true,
      patterns: ["ORDER-\\d{6}"],
    });
    expect(named("card-numbers")).toEqual({ cardNumbers: true, nationalIds: false, patterns: [] });
    expect(named("none")).toEqual({ cardNumbers: false, nationalIds: false, patterns: [] });
    expect(Object.isFrozen(named("none"))).toBe(true);
  });

  it("names the pattern that does not compile, or that matches empty text", () => {
    const load = (patterns: string[]) => () =>
      loadResumeConfig({ ...valid, DEFLECT_REDACT_PATTERNS: JSON.stringify(patterns) });
    expect(load(["ok\\d", "(unclosed"])).toThrow(
      /pattern \(unclosed: .*Invalid regular expression/,
    );
    expect(load(["a*"])).toThrow(/pattern a\*: matches empty text/);
  });

  it("reads the transcript worker's segments by default, Contact Lens or nothing when told", () => {
    expect(loadResumeConfig(valid).transcripts).toEqual({ source: "transcribe" });
    expect(loadResumeConfig({ ...valid, DEFLECT_TRANSCRIPT_SOURCE: "" }).transcripts).toEqual({
      source: "transcribe",
    });
    expect(loadResumeConfig({ ...valid, DEFLECT_TRANSCRIPT_SOURCE: "none" }).transcripts).toEqual({
      source: "none",
    });
    const lens = loadResumeConfig({
      ...valid,
      DEFLECT_TRANSCRIPT_SOURCE: "contact-lens",
      DEFLECT_RESUME_INSTANCE_ID: "instance-1",
    });
    expect(lens.transcripts).toEqual({ source: "contact-lens", instanceId: "instance-1" });
    expect(Object.isFrozen(lens.transcripts)).toBe(true);
    // The local emulator serves Contact Lens on the Connect endpoint.
    expect(lens.connectEndpoint).toBe(valid.DEFLECT_CONNECT_ENDPOINT);
  });

  it("needs the instance to ask Contact Lens about", () => {
    const load = () => loadResumeConfig({ ...valid, DEFLECT_TRANSCRIPT_SOURCE: "contact-lens" });
    expect(load).toThrow(InvalidConfigError);
    expect(load).toThrow(/DEFLECT_RESUME_INSTANCE_ID: is required when DEFLECT_TRANSCRIPT_SOURCE/);
  });

  it.each([
    ["DEFLECT_TRANSCRIPT_SOURCE", "polly"],
    ["DEFLECT_RESUME_TOKEN_KEY", Buffer.alloc(16).toString("base64")],
    ["DEFLECT_RESUME_RELAY_TOPIC_ARN", "arn:aws:sns:eu-west-2:111122223333:relay.fifo"],
    ["DEFLECT_REDACT_PATTERNS", '["(unclosed"]'],
    ["DEFLECT_REDACT_PATTERNS", "not json"],
    ["DEFLECT_RESUME_REDACT_CUSTOMER_MESSAGES", "cards"],
    ["DEFLECT_RESUME_REDACT_CUSTOMER_MESSAGES", "none,card-numbers"],
    ["DEFLECT_RESUME_CONTACT_FLOW_ID", ""],
  ])("refuses a bad %s, naming it", (key, value) => {
    expect(() => loadResumeConfig({ ...valid, [key]: value })).toThrow(InvalidConfigError);
    expect(() => loadResumeConfig({ ...valid, [key]: value })).toThrow(key);
  });
});
