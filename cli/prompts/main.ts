import { runPrompts } from "./run-prompts.ts";

// `npm run prompts -- --out <dir>`: every prompt of the voice flows as WAV files, to listen to.
process.exitCode = await runPrompts(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
