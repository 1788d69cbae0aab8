/** What the doctor found about one item: fine, to fix, or not checked (and why). */
export interface Finding {
  readonly status: "ok" | "fix" | "skip";
  /** What was checked: `flow deflect-queue-offer`, `table connect-deflect`. */
  readonly item: string;
  /** Why it is fine, or what is wrong and how to fix it; never a secret's value. */
  readonly text: string;
}

export const ok = (item: string, text: string): Finding => ({ status: "ok", item, text });
export const fix = (item: string, text: string): Finding => ({ status: "fix", item, text });
export const skip = (item: string, text: string): Finding => ({ status: "skip", item, text });

const LABEL: Readonly<Record<Finding["status"], string>> = {
  ok: "OK  ",
  fix: "FIX ",
  skip: "SKIP",
};

/** One line: `OK    flow deflect-voice-deflection: published`. */
export function formatFinding(finding: Finding): string {
  return `${LABEL[finding.status]}  ${finding.item}: ${finding.text}`;
}

/** `all 14 OK`, or `2 to fix, 11 OK, 1 not checked`. */
export function summarize(findings: readonly Finding[]): string {
  const count = (status: Finding["status"]) => findings.filter((f) => f.status === status).length;
  const [fixes, oks, skips] = [count("fix"), count("ok"), count("skip")];
  if (fixes === 0 && skips === 0) return `all ${oks} OK`;
  const parts = [fixes > 0 ? `${fixes} to fix` : "", `${oks} OK`];
  if (skips > 0) parts.push(`${skips} not checked`);
  return parts.filter(Boolean).join(", ");
}

/** A failure's message without a stack, and its name when the message lacks it. */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const named = error.name && error.name !== "Error" && !error.message.includes(error.name);
  return named ? `${error.name}: ${error.message}` : error.message;
}
