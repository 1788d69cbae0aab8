import { type MockInstance, vi } from "vitest";

/**
 * Captures what Powertools writes (log lines on stdout and stderr, EMF documents on stdout),
 * which in Lambda goes to CloudWatch Logs, and hands it back as parsed JSON lines.
 */
export function captureOutput() {
  const spies: MockInstance<typeof process.stdout.write>[] = [
    vi.spyOn(process.stdout, "write").mockImplementation(() => true),
    vi.spyOn(process.stderr, "write").mockImplementation(() => true),
  ];
  const text = () => spies.flatMap((spy) => spy.mock.calls.map(([chunk]) => String(chunk)));
  const lines = () =>
    text()
      .flatMap((chunk) => chunk.split("\n"))
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    text: () => text().join(""),
    /** Log lines: Powertools' JSON with a level and a message. */
    logs: () => lines().filter((line) => "level" in line && !("_aws" in line)),
    /** EMF documents. */
    metrics: () => lines().filter((line) => "_aws" in line),
    clear: () => {
      for (const spy of spies) spy.mockClear();
    },
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
