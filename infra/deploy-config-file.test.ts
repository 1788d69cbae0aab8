import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ENV } from "../config/environment-names.ts";
import { DEFAULT_DEPLOY_CONFIG, loadDeploySettings } from "./deploy-config-file.ts";
import { EXAMPLE_INSTANCE_ARN, exampleDeploySettings } from "./example-deploy-settings.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const exampleText = readFileSync(join(ROOT, "deploy.config.example.json"), "utf8");
const CWD = "/deployer";

/** Loads with these files (by absolute path) and this CDK context, nothing from the disk. */
function load(files: Record<string, string>, context: Record<string, unknown> = {}) {
  return loadDeploySettings({
    tryGetContext: (key) => context[key],
    readTextFile: (path) => files[path],
    cwd: CWD,
  });
}

describe("the deploy settings file", () => {
  it("reads deploy.config.json from the working directory by default", () => {
    const settings = load({ [`${CWD}/${DEFAULT_DEPLOY_CONFIG}`]: exampleText });
    expect(settings).toEqual(exampleDeploySettings);
  });

  it("reads the file -c deployConfig names, relative to the working directory", () => {
    const settings = load(
      { [`${CWD}/ops/prod.json`]: exampleText },
      { deployConfig: "ops/prod.json" },
    );
    expect(settings.connectInstanceArn).toBe(EXAMPLE_INSTANCE_ARN);
  });

  it("lets each context key win over the file's, JSON values given as strings by `cdk -c`", () => {
    const settings = load(
      { [`${CWD}/${DEFAULT_DEPLOY_CONFIG}`]: exampleText },
      {
        queues: JSON.stringify({ Sales: "77777777-7777-8888-9999-000000000000" }),
        workingQueue: "Sales",
        settings: JSON.stringify({ [ENV.brandName]: "Acme" }),
        deflectReservedConcurrency: "20",
        webhookRateLimit: "25",
      },
    );
    expect(Object.keys(settings.queueArns)).toEqual(["Sales"]);
    expect(settings.workingQueue).toBe("Sales");
    expect(settings.settings).toEqual({ [ENV.brandName]: "Acme" });
    expect(settings.deflectReservedConcurrency).toBe(20);
    expect(settings.webhookThrottle.rateLimit).toBe(25);
    // Keys the context leaves alone come from the file.
    expect(settings.channelSecretArn).toBe(exampleDeploySettings.channelSecretArn);
  });

  it("needs no file when the context holds every required setting", () => {
    const example = JSON.parse(exampleText) as Record<string, unknown>;
    const context = { ...example, queues: JSON.stringify(example.queues) };
    expect(load({}, context).connectInstanceArn).toBe(EXAMPLE_INSTANCE_ARN);
  });

  it("without a file or context, says the file is missing and names every required key", () => {
    const error = () => load({});
    expect(error).toThrow(`no ${CWD}/${DEFAULT_DEPLOY_CONFIG}`);
    expect(error).toThrow(
      /connectInstanceArn[\s\S]*queues[\s\S]*workingQueue[\s\S]*channelSecretArn/,
    );
  });

  it("refuses a named file that does not exist, naming the path", () => {
    expect(() => load({}, { deployConfig: "missing.json" })).toThrow(
      `${CWD}/missing.json (-c deployConfig) not found`,
    );
    expect(() => load({}, { deployConfig: "" })).toThrow(/-c deployConfig must name a file/);
  });

  it("refuses a file that is not one JSON object, naming it", () => {
    const path = `${CWD}/${DEFAULT_DEPLOY_CONFIG}`;
    expect(() => load({ [path]: "{ connectInstanceArn: " })).toThrow(`${path} is not JSON`);
    expect(() => load({ [path]: "[]" })).toThrow(`${path} must hold one JSON object`);
  });

  it("names a wrong or unknown value in the file", () => {
    const path = `${CWD}/${DEFAULT_DEPLOY_CONFIG}`;
    const example = JSON.parse(exampleText) as Record<string, unknown>;
    const withValues = (extra: Record<string, unknown>) => ({
      [path]: JSON.stringify({ ...example, ...extra }),
    });
    expect(() => load(withValues({ channelSecretArn: "deflect-channels" }))).toThrow(
      /channelSecretArn: expected a complete Secrets Manager ARN/,
    );
    expect(() => load(withValues({ webhookBurstLimit: -1 }))).toThrow(/webhookBurstLimit/);
    expect(() => load(withValues({ mediaStreamPrefx: "x" }))).toThrow(/"mediaStreamPrefx"/);
  });

  it("reads the committed example from the disk as `-c deployConfig=deploy.config.example.json`", () => {
    const settings = loadDeploySettings({
      tryGetContext: (key) => (key === "deployConfig" ? "deploy.config.example.json" : undefined),
      cwd: ROOT,
    });
    expect(settings).toEqual(exampleDeploySettings);
  });
});
