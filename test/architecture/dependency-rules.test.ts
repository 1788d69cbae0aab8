import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { cruise, type IReporterOutput } from "dependency-cruiser";
import { describe, expect, it } from "vitest";

// The real rule set, run over fixtures laid out like the repository.
const ruleSet = createRequire(import.meta.url)("../../.dependency-cruiser.cjs");
const fixtures = fileURLToPath(new URL("./fixtures", import.meta.url));

async function violations(entry: string) {
  const result: IReporterOutput = await cruise([entry], {
    ...ruleSet.options,
    includeOnly: undefined,
    baseDir: fixtures,
    ruleSet: { forbidden: ruleSet.forbidden },
    validate: true,
  });
  if (typeof result.output === "string") throw new Error("expected a structured result");
  return result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe("the dependency rules that keep core/ free of vendors", () => {
  it("catch a vendor SDK, process and an adapter imported from core/", async () => {
    const found = await violations("core/leaky-domain.ts");
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^core-stays-vendor-free: core\/leaky-domain\.ts → .*@aws-sdk/),
        expect.stringMatching(/^core-no-process: core\/leaky-domain\.ts → (node:)?process/),
        "core-only-imports-core: core/leaky-domain.ts → adapters/vendor-thing.ts",
      ]),
    );
  });

  it("let a core module that imports only plain libraries through", async () => {
    expect(await violations("core/clean-domain.ts")).toEqual([]);
  });
});

describe("the dependency rules around the browser console", () => {
  it("catch the product importing the console, and the page importing Node-side code", async () => {
    expect(await violations("functions/uses-console.ts")).toContain(
      "nothing-product-imports-the-console: functions/uses-console.ts → console/console-thing.ts",
    );
    expect(await violations("console/page/leaky-page.ts")).toEqual([
      "console-page-stays-in-the-browser: console/page/leaky-page.ts → adapters/vendor-thing.ts",
    ]);
  });
});
