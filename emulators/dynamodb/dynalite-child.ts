// Runs dynalite in its own process, so a benchmark or the sandbox does not share one event
// loop with it. Started by startLocalDynamo({ inChildProcess: true }); reports its port over IPC.
import type { AddressInfo } from "node:net";
import dynalite from "dynalite";
import { addTableSettings } from "./table-settings.ts";

const path = process.argv[2];
const server = dynalite({
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
  ...(path ? { path } : {}),
});
addTableSettings(server, { path });
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on("disconnect", () => server.close(() => process.exit(0)));
