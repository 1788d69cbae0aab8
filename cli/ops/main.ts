import { opsEnvironment } from "../../config/ops-config.ts";
import { runOps } from "./run-ops.ts";

// `npm run ops -- <command>`: the operator tools on this process's arguments and environment.
process.exitCode = await runOps(process.argv.slice(2), {
  env: opsEnvironment(),
  stdout: process.stdout,
  stderr: process.stderr,
});
