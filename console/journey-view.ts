import type { LocalWorld } from "../sandbox/local-world.ts";
import type { CallView } from "./console-view.ts";

/** The page shows the newest calls and chats; older ones stay in the emulators' own routes. */
export const SHOWN_CONTACTS = 12;

/** The newest voice calls: what each caller heard and said, the flows' paths, deflect's answers. */
export function callsView(world: LocalWorld): CallView[] {
  const control = world.connect.control;
  const queues = world.connect.instance.instance.queues;
  return control
    .contacts()
    .filter((contact) => contact.channel === "VOICE")
    .sort((a, b) => b.initiationTimestamp - a.initiationTimestamp)
    .slice(0, SHOWN_CONTACTS)
    .map((contact) => {
      const trace = control.flowTrace(contact.id);
      return {
        contactId: contact.id,
        customerNumber: contact.customerEndpoint?.Address ?? "",
        queue: (contact.queueId && queues.get(contact.queueId)?.name) || "(in the IVR)",
        state: contact.state,
        startedAt: contact.initiationTimestamp,
        ...(contact.disconnectReason ? { disconnectReason: contact.disconnectReason } : {}),
        heard: trace.heard.map((prompt) => ({
          text: spoken(prompt.content),
          result: prompt.result,
        })),
        said: trace.said,
        runs: trace.runs.map((run) => ({
          flow: run.flowName,
          status: run.status,
          ...(run.end ? { end: run.end.kind } : {}),
          steps: run.steps.map((step) =>
            step.outcome === "next" ? step.actionId : `${step.actionId} (${step.outcome})`,
          ),
        })),
        deflect: world.calls
          .filter((call) => call.contactId === contact.id)
          .map(({ action, answer, elapsedMs }) => ({ action, answer, elapsedMs })),
      };
    });
}

/** Prompts are SSML; the caller hears the words. */
function spoken(content: string): string {
  return content
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
