import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface CliRun {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code (null when a signal killed it). */
  readonly exited: Promise<number | null>;
}

/**
 * Runs the emulators' command under tsx from the repository root: `emulators/cli.ts` by
 * default, or `script` (`npm run emulators` runs sandbox/emulators-command.ts).
 */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  script = "emulators/cli.ts",
): CliRun {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** The first stdout line, parsed; rejects with stderr if the process ends before printing it. */
export async function firstJsonLine(run: CliRun): Promise<Record<string, unknown>> {
  const line = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const end = run.stdout().indexOf("\n");
      if (end >= 0) resolve(run.stdout().slice(0, end));
    };
    run.child.stdout?.on("data", check);
    run.exited.then((code) => reject(new Error(`exited ${code} first:\n${run.stderr()}`)));
    check();
  });
  return JSON.parse(line) as Record<string, unknown>;
}
