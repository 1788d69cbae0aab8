import { startConnectEmulator } from "../../emulators/connect/connect-emulator.ts";
import { testInstance } from "../../emulators/connect/test-support/clients.ts";

/**
 * The Connect emulator in a process of its own, for benches that need more sockets than one
 * process may open: prints `{"url": ...}` on its first stdout line and stops when its parent
 * closes stdin or sends SIGTERM.
 */
async function main(): Promise<void> {
  const maxActiveChats = Number(process.argv[2] ?? "20000");
  // Memory at 10,000 chats is measured, not the pace a new account's quotas allow.
  const emulator = await startConnectEmulator({
    instance: testInstance,
    maxActiveChats,
    quotas: "off",
  });
  process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void emulator.close().finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.stdin.on("end", stop);
  process.stdin.resume();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
