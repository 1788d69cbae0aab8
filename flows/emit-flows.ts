import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { allFlows } from "./all-flows.ts";

/** `npm run flows`: writes each flow as exported-flow JSON to flows/dist/<name>.json. */
async function main(): Promise<void> {
  const outDir = join(import.meta.dirname, "dist");
  await mkdir(outDir, { recursive: true });
  for (const definition of allFlows({ queue: "Support" })) {
    const file = join(outDir, `${definition.name}.json`);
    await writeFile(file, `${JSON.stringify(definition.content, null, 2)}\n`);
    console.log(
      `${definition.type.padEnd(15)} ${definition.name.padEnd(18)} ${definition.content.Actions.length} actions → ${file}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
