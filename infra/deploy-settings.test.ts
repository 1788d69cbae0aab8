import { describe, expect, it } from "vitest";
import { ENV } from "../config/environment-names.ts";
import { PROTECTION_DEFAULTS, parseDeploySettings } from "./deploy-settings.ts";
import {
  EXAMPLE_INSTANCE_ARN,
  EXAMPLE_MEDIA_STREAM_PREFIX,
  EXAMPLE_QUEUE_ID,
} from "./example-deploy-settings.ts";

const valid = {
  connectInstanceArn: EXAMPLE_INSTANCE_ARN,
  queues: { Support: EXAMPLE_QUEUE_ID },
  workingQueue: "Support",
  channelSecretArn: "arn:aws:secretsmanager:eu-west-2:111122223333:secret:deflect-AbCdEf",
  mediaStreamPrefix: EXAMPLE_MEDIA_STREAM_PREFIX,
};

describe("deploy settings", () => {
  it("expands a bare queue id to the queue's ARN in the instance", () => {
    expect(parseDeploySettings(valid).queueArns).toEqual({
      Support: `${EXAMPLE_INSTANCE_ARN}/queue/${EXAMPLE_QUEUE_ID}`,
    });
  });

  it("keeps a queue ARN of the same instance as given", () => {
    const arn = `${EXAMPLE_INSTANCE_ARN}/queue/${EXAMPLE_QUEUE_ID}`;
    expect(parseDeploySettings({ ...valid, queues: { Support: arn } }).queueArns.Support).toBe(arn);
  });

  it("names every missing key and shows where settings go", () => {
    expect(() => parseDeploySettings({})).toThrow(
      /connectInstanceArn[\s\S]*queues[\s\S]*workingQueue[\s\S]*channelSecretArn[\s\S]*deploy\.config\.json/,
    );
  });

  it("refuses a key it does not know, naming it", () => {
    expect(() => parseDeploySettings({ ...valid, connectInstanceARN: "x" })).toThrow(
      /Unrecognized key: "connectInstanceARN"/,
    );
  });

  it("reserves concurrency for deflect and throttles the webhook API by default", () => {
    const settings = parseDeploySettings(valid);
    expect(settings.deflectReservedConcurrency).toBe(
      PROTECTION_DEFAULTS.deflectReservedConcurrency,
    );
    expect(settings.webhookThrottle).toEqual({
      rateLimit: PROTECTION_DEFAULTS.webhookRateLimit,
      burstLimit: PROTECTION_DEFAULTS.webhookBurstLimit,
    });
    const chosen = {
      deflectReservedConcurrency: 20,
      webhookRateLimit: 12.5,
      webhookBurstLimit: 40,
    };
    expect(parseDeploySettings({ ...valid, ...chosen })).toMatchObject({
      deflectReservedConcurrency: 20,
      webhookThrottle: { rateLimit: 12.5, burstLimit: 40 },
    });
  });

  it("refuses protection settings that would switch protection off or make no sense", () => {
    const parse = (extra: Record<string, unknown>) => () =>
      parseDeploySettings({ ...valid, ...extra });
    expect(parse({ deflectReservedConcurrency: 0 })).toThrow(/deflectReservedConcurrency/);
    expect(parse({ deflectReservedConcurrency: 2.5 })).toThrow(/deflectReservedConcurrency/);
    expect(parse({ webhookRateLimit: 0 })).toThrow(/webhookRateLimit/);
    expect(parse({ webhookBurstLimit: "200" })).toThrow(/webhookBurstLimit/);
  });

  it("refuses a queue ARN from another instance and a working queue not in the map", () => {
    const other =
      "arn:aws:connect:eu-west-2:111122223333:instance/99999999-2222-3333-4444-555555555555";
    const parse = () =>
      parseDeploySettings({
        ...valid,
        queues: { Support: `${other}/queue/${EXAMPLE_QUEUE_ID}` },
        workingQueue: "Sales",
      });
    expect(parse).toThrow(/queues\.Support: expected a queue id or a queue ARN/);
    expect(parse).toThrow(/workingQueue: is not one of queues/);
  });

  it("refuses credentials, stack-owned names and unknown names as plain settings", () => {
    const settings = {
      [ENV.twilioAuthToken]: "secret",
      [ENV.tableName]: "other",
      [ENV.resumeRelayTopicArn]: "arn:aws:sns:eu-west-2:111122223333:someone-elses-topic",
      NOT_A_SETTING: "x",
    };
    expect(() => parseDeploySettings({ ...valid, settings })).toThrow(
      /TWILIO_AUTH_TOKEN: is a credential[\s\S]*DEFLECT_TABLE_NAME: is set by the stack[\s\S]*DEFLECT_RESUME_RELAY_TOPIC_ARN: is set by the stack[\s\S]*NOT_A_SETTING: is not a known/,
    );
  });

  it("deploys the transcript worker by default, with the stream prefix and the worker's cap", () => {
    expect(parseDeploySettings(valid).transcription).toEqual({
      source: "transcribe",
      mediaStreamPrefix: EXAMPLE_MEDIA_STREAM_PREFIX,
      capSeconds: 300,
    });
    const settings = { [ENV.transcriptCapSeconds]: "840" };
    expect(parseDeploySettings({ ...valid, settings }).transcription).toMatchObject({
      capSeconds: 840,
    });
  });

  it("needs the live media streaming prefix only when the worker transcribes", () => {
    const { mediaStreamPrefix: _, ...withoutPrefix } = valid;
    expect(() => parseDeploySettings(withoutPrefix)).toThrow(
      /mediaStreamPrefix: the instance's live media streaming prefix is needed/,
    );
    for (const source of ["contact-lens", "none"] as const) {
      const settings = { [ENV.transcriptSource]: source };
      expect(parseDeploySettings({ ...withoutPrefix, settings }).transcription).toEqual({
        source,
      });
    }
  });

  it("refuses a prefix that is no stream name or would widen the stream ARN", () => {
    for (const prefix of ["acme*", "acme/other", ""]) {
      expect(() => parseDeploySettings({ ...valid, mediaStreamPrefix: prefix })).toThrow(
        /mediaStreamPrefix: expected a Kinesis Video stream name prefix/,
      );
    }
  });

  it("refuses an unknown transcript source and a cap the worker would refuse", () => {
    const parse = (settings: Record<string, string>) => () =>
      parseDeploySettings({ ...valid, settings });
    expect(parse({ [ENV.transcriptSource]: "polly" })).toThrow(
      /DEFLECT_TRANSCRIPT_SOURCE: expected transcribe, contact-lens or none/,
    );
    // Lambda stops a function at 900 s; the worker's own limit (840 s) leaves it its margin.
    expect(parse({ [ENV.transcriptCapSeconds]: "900" })).toThrow(
      /invalid transcribe configuration: DEFLECT_TRANSCRIPT_CAP_SECONDS/,
    );
  });
});
