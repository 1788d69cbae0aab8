/** A step-by-step guide view as an agent's workspace shows it (ShowView in an agent UI flow). */
export interface AgentView {
  readonly id: string;
  /** The customer contact the guide is about. */
  readonly contactId: string;
  readonly agentId: string | undefined;
  readonly viewId: string;
  /** ViewData with its references resolved, as the view receives it. */
  readonly viewData: Readonly<Record<string, unknown>>;
  readonly shownAt: number;
  /** The agent's choice ("Back", an action name), "TimeLimitExceeded", or "ended" with the contact. */
  result?: string;
}

interface Pending {
  readonly view: AgentView;
  readonly answer: (result: string) => void;
}

/**
 * The guides shown to agents. A view waits for the agent's choice, as ShowView does; the
 * emulator's agents choose through the control plane, and a guide still open when its
 * contact ends closes with it.
 */
export class AgentViews {
  readonly #views: AgentView[] = [];
  readonly #pending = new Map<string, Pending>();
  #next = 1;

  show(options: Omit<AgentView, "id" | "result">, signal: AbortSignal): Promise<string> {
    const view: AgentView = { ...options, id: `view-${this.#next++}` };
    this.#views.push(view);
    return new Promise((resolve, reject) => {
      const settle = (result: string) => {
        this.#pending.delete(view.id);
        view.result = result;
        resolve(result);
      };
      this.#pending.set(view.id, { view, answer: settle });
      signal.addEventListener(
        "abort",
        () => {
          if (!this.#pending.has(view.id)) return;
          this.#pending.delete(view.id);
          view.result ??= "ended";
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** The agent picks `result` in an open view; false when no such view is open. */
  choose(viewId: string, result: string): boolean {
    const pending = this.#pending.get(viewId);
    if (!pending) return false;
    pending.answer(result);
    return true;
  }

  /** Views shown about a contact, oldest first. */
  forContact(contactId: string): AgentView[] {
    return this.#views.filter((view) => view.contactId === contactId);
  }
}
