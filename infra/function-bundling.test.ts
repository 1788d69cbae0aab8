import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeflectStack } from "./deflect-stack.ts";
import { exampleDeploySettings } from "./example-deploy-settings.ts";
import { ESM_REQUIRE_BANNER, NEVER_LOADED_IN_LAMBDA } from "./function-bundles.ts";

// Bundles the five functions with the local esbuild (no Docker), as `npm run synth` does.
const outdir = mkdtempSync(join(tmpdir(), "deflect-synth-"));
let bundles: Record<string, string>;

beforeAll(() => {
  const app = new App({ outdir });
  const stack = new DeflectStack(app, "Bundled", { deploy: exampleDeploySettings });
  const template = Template.fromStack(stack);
  const resources = template.findResources("AWS::Lambda::Function");
  bundles = Object.fromEntries(
    stack.functions.all().map((fn) => {
      const id = stack.getLogicalId(fn.node.defaultChild as CfnFunction);
      const key = String(resources[id]?.Properties.Code.S3Key);
      return [fn.node.id, join(outdir, `asset.${key.replace(/\.zip$/, "")}`, "index.mjs")];
    }),
  );
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("the synthesized function bundles", () => {
  it("writes one ESM file per function, opening with the require shim", () => {
    expect(Object.keys(bundles).sort()).toEqual([
      "Deflect",
      "Relay",
      "Resume",
      "Transcribe",
      "Webhooks",
    ]);
    for (const file of Object.values(bundles)) {
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, "utf8").startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    }
  });

  it("loads each bundle as a module exporting the handler, without configuration", () => {
    // A plain Node process, as Lambda loads it (vitest's own loader would transform it).
    const probe = "const m = await import(process.argv[1]); console.log(typeof m.handler);";
    for (const file of Object.values(bundles)) {
      const args = ["--input-type=module", "-e", probe, pathToFileURL(file).href];
      expect(execFileSync(process.execPath, args, { timeout: 30_000 }).toString().trim()).toBe(
        "function",
      );
    }
  });

  it("reaches the providers it leaves out only through a dynamic import, so loading never needs them", () => {
    for (const file of Object.values(bundles)) {
      const code = readFileSync(file, "utf8");
      for (const name of NEVER_LOADED_IN_LAMBDA) {
        const mentions = code.split(`"${name}"`).length - 1;
        const dynamicImports = code.split(`import("${name}")`).length - 1;
        expect({ file, name, mentions }).toEqual({ file, name, mentions: dynamicImports });
      }
    }
  });
});
