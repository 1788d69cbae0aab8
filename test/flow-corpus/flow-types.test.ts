import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateFlow } from "../../emulators/connect/flow/index.ts";

/**
 * The exported flows of test/fixtures/flows checked against their flow type's restrictions:
 * each loads as the type it was built for, so the flow-type rules refuse no flow the console
 * built. A flow names its type in `Metadata.type`, or is a module (a top-level `Settings`);
 * for the rest the type is the one its source deploys it as (SOURCES.md names the resource
 * or file each comes from).
 */
const FLOWS = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/flows");

const TYPE_FROM_SOURCE: Readonly<Record<string, string>> = {
  "acme-customer-queue.json": "customerQueue",
  "acme-hold.json": "customerHold",
  "acme-main.json": "contactFlow",
  "acme-queue-transfer.json": "queueTransfer",
  "clinical-provider-inbound.json": "contactFlow",
  "rules-engine-customer-hold.json": "customerHold",
  "rules-engine-customer-queue.json": "customerQueue",
  // Set as the CustomerRemaining (disconnect) hook: disconnect flows are inbound flows.
  "rules-engine-disconnect.json": "contactFlow",
  "rules-engine-external-number.json": "contactFlow",
  "rules-engine-nlu-menu.json": "contactFlow",
  "rules-engine-queue.json": "contactFlow",
  "scv-agent-transfer.json": "agentTransfer",
  "scv-agent-whisper-with-streaming.json": "agentWhisper",
  "scv-inbound-with-transcription.json": "contactFlow",
  "scv-inbound.json": "contactFlow",
  "scv-outbound-with-transcription.json": "outboundWhisper",
  "scv-queue-transfer.json": "queueTransfer",
  "scv-rest-example.json": "contactFlow",
  "vmx2-core-flow.json": "contactFlow",
  "vmx3-aws-test-flow.json": "contactFlow",
  "vmx3-example-task-flow.json": "contactFlow",
  "vmx3-guided-task-agent-flow.json": "contactFlow",
  "vmx3-in-queue-agent-whisper.json": "agentWhisper",
  "vmx3-in-queue-customer-whisper.json": "customerWhisper",
  "vmx3-in-queue-option.json": "customerQueue",
  "xb-customer-queue.json": "customerQueue",
  "xb-dtmf-queue-transfer.json": "contactFlow",
  "xb-hours-check.json": "contactFlow",
  "xb-journey.json": "contactFlow",
};

type Export = { Metadata?: { type?: string }; Settings?: unknown };

const files = readdirSync(FLOWS).filter((name) => name.endsWith(".json"));
const read = (file: string) => JSON.parse(readFileSync(join(FLOWS, file), "utf8")) as Export;

function typeOf(file: string, flow: Export): string | undefined {
  if (flow.Settings) return "flowModule";
  return flow.Metadata?.type ?? TYPE_FROM_SOURCE[file];
}

/** Only the flow-type problems: placeholders the sources fill in at deploy time are not ours. */
function flowTypeProblems(flow: unknown, flowType: string): string[] {
  const result = validateFlow(flow, { flowType });
  return result.ok ? [] : result.problems.filter((p) => p.includes("Type is not allowed in"));
}

describe("exported flows under their flow types", () => {
  it("knows the flow type of every exported flow", () => {
    expect(files.filter((file) => typeOf(file, read(file)) === undefined)).toEqual([]);
  });

  it.each(files)("%s uses only actions its flow type allows", (file) => {
    const flow = read(file);
    expect(flowTypeProblems(flow, typeOf(file, flow) ?? "")).toEqual([]);
  });

  it("refuses a flow loaded as a type that does not allow its actions", () => {
    expect(flowTypeProblems(read("acme-customer-queue.json"), "contactFlow")).toEqual([
      expect.stringMatching(
        /\(MessageParticipantIteratively\): Type is not allowed in inbound flows \(contactFlow\); it is only allowed in customer queue flows/,
      ),
    ]);
    const taskFlow = flowTypeProblems(read("vmx3-example-task-flow.json"), "customerWhisper");
    expect(taskFlow.join("\n")).toMatch(/\(TransferContactToQueue\): Type is not allowed/);
    expect(taskFlow.join("\n")).toMatch(/\(UpdateContactTargetQueue\): Type is not allowed/);
  });
});
