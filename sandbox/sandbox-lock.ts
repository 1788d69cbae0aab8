import { open, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** What a running sandbox writes in its folder: who it is and where to reach it. */
export interface RunningSandbox {
  readonly pid: number;
  readonly startedAt: string;
  readonly urls: Readonly<Record<string, string>>;
}

export type SandboxClaim =
  | {
      readonly kind: "claimed";
      /** Writes the URLs for a second start to show. */
      record(urls: Record<string, string>): Promise<void>;
      release(): Promise<void>;
    }
  | { readonly kind: "running"; readonly running: RunningSandbox };

const LOCK_FILE = "sandbox.lock";

/**
 * Claims the sandbox's data folder for this process, so a second `npm start` in the same
 * folder does not wipe the table under the first. A lock left by a process that has gone is
 * taken over.
 */
export async function claimSandboxFolder(dir: string): Promise<SandboxClaim> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const mine: RunningSandbox = {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      urls: {},
    };
    try {
      const file = await open(path, "wx");
      await file.writeFile(JSON.stringify(mine));
      await file.close();
      return {
        kind: "claimed",
        record: (urls) => writeFile(path, JSON.stringify({ ...mine, urls })),
        release: () => unlink(path).catch(() => undefined),
      };
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
    }
    const running = await readLock(path);
    if (running && isAlive(running.pid)) return { kind: "running", running };
    await unlink(path).catch(() => undefined);
  }
  throw new Error(`could not claim ${path}: another process keeps taking it`);
}

/** The one line a second start prints. */
export function describeRunning(running: RunningSandbox): string {
  const urls = Object.entries(running.urls)
    .map(([name, url]) => `${name} ${url}`)
    .join(", ");
  return `A sandbox is already running in this folder (pid ${running.pid}, since ${running.startedAt})${urls ? `: ${urls}` : ""}. Stop it first (Ctrl-C in its terminal), or run beside it on other data: npm start -- --data <dir>.`;
}

async function readLock(path: string): Promise<RunningSandbox | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as Partial<RunningSandbox>;
    if (typeof parsed.pid !== "number") return undefined;
    return {
      pid: parsed.pid,
      startedAt: String(parsed.startedAt ?? "?"),
      urls: parsed.urls ?? {},
    };
  } catch {
    // Unreadable or half written: treated as left behind.
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: string }).code === "EPERM";
  }
}
