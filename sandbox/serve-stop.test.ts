import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

let sandbox: ChildProcess | undefined;
afterAll(() => {
  sandbox?.kill("SIGKILL");
});

/** `npm start -- --serve` on its own data folder, with what it prints so far. */
async function startServing(): Promise<{
  child: ChildProcess;
  output: () => string;
  /** The sandbox's own process (tsx runs it in a child of its own). */
  pid: () => Promise<number>;
}> {
  const data = await mkdtemp(join(tmpdir(), "sandbox-serve-"));
  const child = spawn("node_modules/.bin/tsx", ["sandbox/main.ts", "--serve", "--data", data], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  const deadline = Date.now() + 60_000;
  while (!text.includes("Ctrl-C stops.")) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the sandbox did not start:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = async () =>
    (JSON.parse(await readFile(join(data, "sandbox.lock"), "utf8")) as { pid: number }).pid;
  return { child, output: () => text, pid };
}

describe("stopping the sandbox while customers write", () => {
  it("routes every message its webhook endpoint acknowledged before it stops", async () => {
    const { child, output, pid } = await startServing();
    sandbox = child;
    // Listened for from the start: the sandbox may exit while the last sends still wait.
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const twilio = /Twilio {4}(http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1];
    if (!twilio) throw new Error(`no Twilio URL in:\n${output()}`);
    const send = async (n: number) => {
      const answer = await fetch(`${twilio}/__emulator/customer-sends`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          from: `whatsapp:+4479110${String(n).padStart(5, "0")}`,
          to: "whatsapp:+15005550006",
          text: `message ${n}`,
        }),
        signal: AbortSignal.timeout(10_000),
      }).catch(() => undefined);
      const result = (await answer?.json().catch(() => undefined)) as
        | { delivery?: { status?: number } }
        | undefined;
      return result?.delivery?.status === 200;
    };
    // Customers keep writing while the sandbox is told to stop.
    const sends = Array.from({ length: 40 }, (_, n) =>
      new Promise((resolve) => setTimeout(resolve, n * 15)).then(() => send(n)),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.kill(await pid(), "SIGINT");
    const acknowledged = (await Promise.all(sends)).filter(Boolean).length;
    const code = await exited;
    expect(code).toBe(0);
    const routed = [...output().matchAll(/routed (\d+) customer message/g)].reduce(
      (sum, [, n]) => sum + Number(n),
      0,
    );
    expect(acknowledged).toBeGreaterThan(0);
    expect(routed).toBe(acknowledged);
    expect(output()).toContain("stopping: no more webhooks");
  }, 120_000);
});
