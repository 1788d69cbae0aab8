import { afterAll, beforeAll } from "vitest";
import { ManualClock } from "../../shared-http/clock.ts";
import { type ConnectEmulator, startConnectEmulator } from "../connect-emulator.ts";

export interface FlowCallOptions {
  customerNumber: string;
  /** What the caller says, one step a prompt. */
  says?: string[];
  /** How long the call runs on the emulator's clock before the trace is read. */
  waitMs: number;
}

/**
 * One Connect emulator for a test file (started in `beforeAll`, closed in `afterAll`) on a
 * manual clock, its instance holding the one flow under test.
 */
export function useFlowEmulator(flow: { name: string; content: object }) {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 0, 0));
  let started: ConnectEmulator | undefined;
  beforeAll(async () => {
    started = await startConnectEmulator({ quotas: "off", clock, instance: { flows: [flow] } });
  });
  afterAll(() => started?.close());
  const emulator = () => {
    if (!started) throw new Error("the Connect emulator starts in beforeAll");
    return started;
  };

  /** Places a voice call into the flow and returns what the caller heard. */
  async function call(options: FlowCallOptions): Promise<{ heard: string[]; contactId: string }> {
    const contact = emulator().control.placeVoiceCall({
      flow: flow.name,
      customerNumber: options.customerNumber,
      caller: { promptSeconds: 1, steps: (options.says ?? []).map((say) => ({ say })) },
    });
    await clock.advanceAsync(options.waitMs);
    const heard = emulator()
      .control.flowTrace(contact.id)
      .heard.map((prompt) => prompt.content);
    return { heard, contactId: contact.id };
  }

  return { clock, emulator, call };
}
