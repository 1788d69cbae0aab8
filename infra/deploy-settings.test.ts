import { describe, expect, it } from "vitest";
import { ENV } from "../config/environment-names.ts";
import { deploySettingsFromContext, parseDeploySettings } from "./deploy-settings.ts";
import { EXAMPLE_INSTANCE_ARN, EXAMPLE_QUEUE_ID } from "./example-deploy-settings.ts";

const valid = {
  connectInstanceArn: EXAMPLE_INSTANCE_ARN,
  queues: { Support: EXAMPLE_QUEUE_ID },
  workingQueue: "Support",
  channelSecretArn: "arn:aws:secretsmanager:eu-west-2:111122223333:secret:deflect-AbCdEf",
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

  it("names every missing key and shows how to pass them", () => {
    expect(() => parseDeploySettings({})).toThrow(
      /connectInstanceArn[\s\S]*queues[\s\S]*workingQueue[\s\S]*channelSecretArn[\s\S]*cdk synth -c/,
    );
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
      NOT_A_SETTING: "x",
    };
    expect(() => parseDeploySettings({ ...valid, settings })).toThrow(
      /TWILIO_AUTH_TOKEN: is a credential[\s\S]*DEFLECT_TABLE_NAME: is set by the stack[\s\S]*NOT_A_SETTING: is not a known/,
    );
  });

  it("reads JSON-valued context given as strings by `cdk -c`", () => {
    const context: Record<string, unknown> = {
      ...valid,
      queues: JSON.stringify(valid.queues),
      settings: JSON.stringify({ [ENV.brandName]: "Acme" }),
    };
    const settings = deploySettingsFromContext((key) => context[key]);
    expect(settings.settings).toEqual({ [ENV.brandName]: "Acme" });
    expect(Object.keys(settings.queueArns)).toEqual(["Support"]);
  });
});
