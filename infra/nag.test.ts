import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import { Queue } from "aws-cdk-lib/aws-sqs";
import { afterAll, describe, expect, it } from "vitest";
import { ENV } from "../config/environment-names.ts";
import { DeflectStack } from "./deflect-stack.ts";
import { parseDeploySettings } from "./deploy-settings.ts";
import { exampleDeployConfig } from "./example-deploy-settings.ts";
import { addNagChecks, type NagFinding, readNagReport } from "./nag-checks.ts";

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** Synthesizes what `build` adds to a checked app (no bundling) and reads cdk-nag's report. */
function nagReport(build: (app: App) => void) {
  const outdir = mkdtempSync(join(tmpdir(), "deflect-nag-"));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { "aws:cdk:bundling-stacks": [] } });
  build(app);
  addNagChecks(app);
  let thrown: unknown;
  try {
    app.synth();
  } catch (error) {
    thrown = error;
  }
  return { ...readNagReport(outdir), thrown };
}

const show = (findings: readonly NagFinding[]) =>
  findings.map((f) => `${f.severity} ${f.rule} at ${f.path}`);

// What the stack acknowledges, rule by rule, each with its reason next to the construct.
const ACKNOWLEDGED_RULES = [
  "AwsSolutions-APIG4",
  "AwsSolutions-IAM5[Resource::*]",
  "AwsSolutions-IAM5[Resource::<connect instance>/*]",
  "AwsSolutions-IAM5[Resource::<media streams>]",
  "AwsSolutions-IAM5[Resource::<the worker>:*]",
  "AwsSolutions-SQS3",
];

describe.each(["transcribe", "contact-lens", "none"])("cdk-nag AwsSolutions (%s)", (source) => {
  const example = exampleDeployConfig();
  const deploy = parseDeploySettings({
    ...example,
    settings: { ...example.settings, [ENV.transcriptSource]: source },
  });
  const report = nagReport((app) => new DeflectStack(app, "Nagged", { deploy }));

  it("finds nothing unacknowledged, errors and warnings alike", () => {
    expect(show(report.findings)).toEqual([]);
    expect(report.thrown).toBeUndefined();
  });

  it("acknowledges only the known rules, each with a reason a reviewer can check", () => {
    const rules = new Set(
      report.acknowledged.map((a) =>
        a.rule
          .replace(example.connectInstanceArn, "<connect instance>")
          .replace(/arn:aws:kinesisvideo:[^\]]+/, "<media streams>")
          .replace(/arn:[^\]]*:function:Nagged-transcribe/, "<the worker>"),
      ),
    );
    expect([...rules].filter((rule) => !ACKNOWLEDGED_RULES.includes(rule))).toEqual([]);
    // The worker's wildcards exist only when it is deployed.
    if (source === "transcribe") expect([...rules].sort()).toEqual(ACKNOWLEDGED_RULES);
    for (const { reason } of report.acknowledged) {
      expect(reason).toMatch(/^[A-Z].{40,}\.$/);
    }
  });
});

describe("the checks themselves", () => {
  it("report a queue that neither enforces TLS nor has a dead-letter queue", () => {
    const report = nagReport((app) => new Queue(new Stack(app, "Bare"), "Queue"));
    expect(show(report.findings)).toEqual(
      expect.arrayContaining([
        "error AwsSolutions-SQS3 at Bare/Queue/Resource",
        "error AwsSolutions-SQS4 at Bare/Queue/Resource",
      ]),
    );
    expect(String(report.thrown)).toMatch(/ValidationFailed/);
  });
});
