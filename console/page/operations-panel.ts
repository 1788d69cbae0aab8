/// <reference lib="dom" />
import type { OperationsView, PolicyView, QueueOperations } from "../console-view.ts";
import { element, replaceContent } from "./element.ts";
import { funnelTable } from "./funnel-table.ts";
import { PolicyForm } from "./policy-form.ts";
import { whatIfSection } from "./what-if-form.ts";

interface QueuePart {
  readonly funnel: HTMLElement;
  readonly policy: HTMLElement;
  readonly editor: PolicyForm;
}

/**
 * The Operations panel, in the sandbox console and in `npm run ops -- console`: per queue,
 * the funnel and the threshold policy with its editor (read-only when the view says why).
 */
export function setUpOperations(): { render: (view: OperationsView) => void } {
  const container = document.querySelector<HTMLElement>("#operations-queues");
  if (!container) throw new Error("the Operations panel is missing");
  container.after(whatIfSection());
  // Built once per queue, so a field being edited is never replaced by an update.
  const parts = new Map<string, QueuePart>();
  return {
    render(view) {
      for (const queue of view.queues) {
        let part = parts.get(queue.queueId);
        if (!part) {
          part = { funnel: element("div"), policy: element("div"), editor: new PolicyForm(queue) };
          parts.set(queue.queueId, part);
          const id = queue.name === queue.queueId ? "" : ` (${queue.queueId.slice(0, 8)}…)`;
          const heading = element("h3", {}, `${queue.name}${id}`);
          container.append(element("div", {}, heading, part.funnel, part.policy, part.editor.form));
        }
        update(part, queue);
        part.editor.setReadOnly(view.readOnly);
      }
    },
  };
}

function update(part: QueuePart, queue: QueueOperations): void {
  replaceContent(part.funnel, [funnelTable(queue.name, queue.funnel)]);
  const policy = queue.policy;
  if (!policy) {
    replaceContent(part.policy, [element("p", { class: "error" }, "No policy stored yet.")]);
    return;
  }
  replaceContent(part.policy, [element("p", {}, summary(policy))]);
  part.editor.show(policy);
}

function summary(policy: PolicyView): string {
  return (
    `Now: ${policy.mode}, offer at ${policy.onWaitSeconds} s, stop below ${policy.offWaitSeconds} s, ` +
    `share ${policy.maxOfferShare}, ${policy.windows}, channels ${policy.channels}, ${policy.timeZone}.`
  );
}
