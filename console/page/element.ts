/// <reference lib="dom" />

type Child = Node | string | false | null | undefined;

/**
 * Builds an element with attributes and children. Text always goes in as text nodes, so
 * whatever a customer or an agent wrote can never become markup.
 */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    node.append(child);
  }
  return node;
}

/**
 * Replaces a live area's content. An update must not throw a keyboard user out: the control
 * that had focus (found again by its `data-key`) gets it back, and open details stay open.
 */
export function replaceContent(container: HTMLElement, nodes: readonly Node[]): void {
  const focused = document.activeElement;
  const key =
    focused instanceof HTMLElement && container.contains(focused) ? focused.dataset.key : undefined;
  const open = new Set(
    [...container.querySelectorAll<HTMLDetailsElement>("details[data-key]")]
      .filter((details) => details.open)
      .map((details) => details.dataset.key),
  );
  const closed = new Set(
    [...container.querySelectorAll<HTMLDetailsElement>("details[data-key]")]
      .filter((details) => !details.open)
      .map((details) => details.dataset.key),
  );
  container.replaceChildren(...nodes);
  for (const details of container.querySelectorAll<HTMLDetailsElement>("details[data-key]")) {
    if (open.has(details.dataset.key)) details.open = true;
    if (closed.has(details.dataset.key)) details.open = false;
  }
  if (key) container.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
}

export function time(at: number | string): string {
  return new Date(at).toLocaleTimeString([], {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

/** Shows a result next to the form that asked: quiet when it worked, marked when it did not. */
export function say(target: HTMLElement, text: string, failed = false): void {
  target.textContent = text;
  target.classList.toggle("error", failed);
}

/**
 * Tells a screen reader what just arrived (a message on the phone, a chat offered), once:
 * the panels redraw whole, so they are not live regions themselves.
 */
export function announce(text: string): void {
  const announcer = document.querySelector<HTMLElement>("#announcer");
  if (announcer) announcer.textContent = text;
}
