import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claimSandboxFolder, describeRunning } from "./sandbox-lock.ts";

const folder = () => mkdtemp(join(tmpdir(), "sandbox-lock-"));

describe("one sandbox per folder", () => {
  it("refuses a second claim while the first holds the folder, naming its URLs", async () => {
    const dir = await folder();
    const first = await claimSandboxFolder(dir);
    if (first.kind !== "claimed") throw new Error("the first claim failed");
    await first.record({ Connect: "http://127.0.0.1:4000" });
    const second = await claimSandboxFolder(dir);
    expect(second.kind).toBe("running");
    if (second.kind !== "running") return;
    expect(second.running.pid).toBe(process.pid);
    expect(describeRunning(second.running)).toMatch(
      /^A sandbox is already running in this folder \(pid \d+, since .+\): Connect http:\/\/127\.0\.0\.1:4000\. Stop it first/,
    );
    await first.release();
    expect((await claimSandboxFolder(dir)).kind).toBe("claimed");
  });

  it("takes over a lock left by a process that has gone, and one it cannot read", async () => {
    const dir = await folder();
    const gone = spawn(process.execPath, ["-e", ""]);
    const pid = gone.pid ?? 0;
    await new Promise((resolve) => gone.once("exit", resolve));
    await writeFile(join(dir, "sandbox.lock"), JSON.stringify({ pid, startedAt: "x", urls: {} }));
    const claim = await claimSandboxFolder(dir);
    expect(claim.kind).toBe("claimed");
    expect(JSON.parse(await readFile(join(dir, "sandbox.lock"), "utf8")).pid).toBe(process.pid);
    if (claim.kind === "claimed") await claim.release();
    await writeFile(join(dir, "sandbox.lock"), "{half");
    expect((await claimSandboxFolder(dir)).kind).toBe("claimed");
  });
});
