import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ENV } from "../config/environment-names.ts";
import { DEFAULT_DEPLOY_CONFIG } from "./deploy-config-file.ts";
import { SECRET_ENV_NAMES } from "./deploy-settings.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

describe("the files a deployer works from", () => {
  it("deploy/secret.template.json lists every key the channel secret holds, each blank", () => {
    const template = JSON.parse(read("deploy/secret.template.json")) as Record<string, unknown>;
    const expected = Object.fromEntries([...SECRET_ENV_NAMES].map((name) => [name, ""]));
    // On failure: a credential was added to SECRET_ENV_NAMES (infra/deploy-settings.ts) or
    // removed; write the template as `expected` shows, and the README's Deploy section.
    expect(template).toEqual(expected);
    const envNames = new Set<string>(Object.values(ENV));
    for (const key of Object.keys(template)) expect(envNames.has(key)).toBe(true);
  });

  it("cdk.json runs the app with tsx and writes to cdk.out", () => {
    const cdk = JSON.parse(read("cdk.json")) as { app: string; output: string };
    expect(cdk.app).toMatch(/\btsx infra\/app\.ts$/);
    expect(cdk.output).toBe("cdk.out");
  });

  it("keeps the installation's own settings file out of git", () => {
    const ignored = read(".gitignore")
      .split("\n")
      .map((line) => line.trim());
    expect(ignored).toContain(DEFAULT_DEPLOY_CONFIG);
  });
});
