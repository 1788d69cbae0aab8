import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
// Through the workspace link, as another project would import it.
import { startConnectEmulator, startTwilioEmulator } from "@connect-deflect/emulators";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL(".", import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Every source file of the package that ships (tests and their support left out). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test-support" ? [] : sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** The npm package a bare import names (`@scope/name` or `name`), or undefined. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("node:")) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

describe("the emulators as a package", () => {
  it("declares every package its shipped code imports (types from dev dependencies)", () => {
    const missing: string[] = [];
    for (const file of sources(ROOT)) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/^(import|export)( type)? [^;]*? from "([^"]+)";/gms)) {
        const name = packageOf(match[3] ?? "");
        if (!name) continue;
        const declared =
          name in manifest.dependencies ||
          (match[2] !== undefined && `@types/${name}` in manifest.devDependencies);
        if (!declared) missing.push(`${relative(ROOT, file)}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("starts its emulators from the package's entry point", async () => {
    const connect = await startConnectEmulator({ quotas: "off" });
    const twilio = await startTwilioEmulator();
    try {
      expect(connect.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${twilio.url}/__emulator/sent`)).status).toBe(200);
    } finally {
      await twilio.close();
      await connect.close();
    }
  });
});
