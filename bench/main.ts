import { readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those whose names contain the
 * arguments) one after another and prints their figures. Never part of `npm test`.
 */
async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const filters = process.argv.slice(2);
  const files = (await readdir(here))
    .filter((name) => name.endsWith(".bench.ts"))
    .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
    .sort();
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  for (const file of files) {
    console.log(`\n## ${file}`);
    const module = (await import(join(here, file))) as { run?: () => Promise<void> };
    if (typeof module.run !== "function") throw new Error(`${file} exports no run()`);
    await module.run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
