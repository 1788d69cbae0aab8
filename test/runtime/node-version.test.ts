import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// package.json pins the deployed Lambda runtime's Node major as the `node` devDependency, whose
// binary npm puts first on PATH for every script; these tests fail when a run escapes it.
const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
const pinnedRange: unknown = manifest.devDependencies?.node;

function major(version: string): string | undefined {
  return /^[\^~]?v?(\d+)\./.exec(version)?.[1];
}

function childVersion(command: string): string {
  const child = spawnSync(command, ["-p", "process.version"], { encoding: "utf8" });
  return child.stdout.trim();
}

describe("the Node.js the tests run on", () => {
  it("is the major that package.json pins as the node devDependency", () => {
    expect(typeof pinnedRange).toBe("string");
    const pinned = major(String(pinnedRange));
    expect(pinned).toMatch(/^\d+$/);
    expect(major(process.version)).toBe(pinned);
  });

  it("is the one children get, by process.execPath and by `node` on PATH", () => {
    expect(childVersion(process.execPath)).toBe(process.version);
    expect(childVersion("node")).toBe(process.version);
  });
});
