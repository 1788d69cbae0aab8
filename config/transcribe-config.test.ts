import { describe, expect, it } from "vitest";
import { loadTranscribeConfig } from "./transcribe-config.ts";

const valid = { DEFLECT_TABLE_NAME: "deflect" };

describe("transcript worker configuration", () => {
  it("defaults the time cap to five minutes and reads the local endpoints", () => {
    const config = loadTranscribeConfig({
      ...valid,
      DEFLECT_KINESIS_VIDEO_ENDPOINT: "http://127.0.0.1:4001",
      DEFLECT_TRANSCRIBE_ENDPOINT: "http://127.0.0.1:4002",
      DEFLECT_REDACT_PATTERNS: '["ORDER-\\\\d{6}"]',
    });
    expect(config).toMatchObject({
      capSeconds: 300,
      kinesisVideoEndpoint: "http://127.0.0.1:4001",
      transcribeEndpoint: "http://127.0.0.1:4002",
      redactPatterns: ["ORDER-\\d{6}"],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ["DEFLECT_TRANSCRIPT_CAP_SECONDS", "3600"],
    ["DEFLECT_TRANSCRIBE_ENDPOINT", "not a url"],
    ["DEFLECT_REDACT_PATTERNS", '["(unclosed"]'],
  ])("refuses a bad %s, naming it", (key, value) => {
    expect(() => loadTranscribeConfig({ ...valid, [key]: value })).toThrow(key);
  });
});
