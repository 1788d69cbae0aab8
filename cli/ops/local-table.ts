import { readFile, stat } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import { type LocalDynamo, startLocalDynamo } from "../../emulators/dynamodb/local-dynamodb.ts";

/**
 * Starts dynalite on the sandbox's data folder, for --local. Refuses a missing folder (so no
 * stray empty store is created) and a folder another process holds open.
 */
export async function startSandboxDynamo(dataDir: string): Promise<LocalDynamo> {
  const shown = displayPath(dataDir);
  const folder = await stat(dataDir).catch(() => undefined);
  if (!folder?.isDirectory()) {
    throw new Error(`no sandbox data in ${shown}: run \`npm start\` first`);
  }
  if (await isLockedByAnotherProcess(join(dataDir, "LOCK"))) {
    throw new Error(
      `${shown} is in use by another process (\`npm start -- --serve\`?): stop it, or pass the endpoint it prints with --endpoint`,
    );
  }
  return startLocalDynamo({ path: dataDir });
}

/**
 * LevelDB holds an fcntl lock on its LOCK file, and dynalite crashes on the first request when
 * it cannot take it, so look first. Linux lists held locks in /proc/locks ("... MAJ:MIN:INODE
 * ..."; proc(5)); where that file is missing the check is skipped.
 */
async function isLockedByAnotherProcess(lockFile: string): Promise<boolean> {
  const lock = await stat(lockFile).catch(() => undefined);
  if (!lock) return false;
  const held = await readFile("/proc/locks", "utf8").catch(() => "");
  return held.split("\n").some((line) => line.split(/\s+/).some((f) => f.endsWith(`:${lock.ino}`)));
}

/** A folder as the operator would type it: relative inside the working directory. */
export function displayPath(dir: string): string {
  const inside = relative(process.cwd(), dir);
  return inside && !inside.startsWith("..") && !isAbsolute(inside) ? inside : dir;
}
