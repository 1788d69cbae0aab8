/** Labels for the attributes the product's own flows store; others are shown by their key. */
const LABELS: Readonly<Record<string, string>> = {
  callReason: "Reason for calling",
  callReasonInput: "Reason given by",
  deflectLanguage: "Language",
};

// Attributes the product sets for its own bookkeeping: nothing the agent needs to read.
const HIDDEN = /^deflect(?!Language$)/;

/**
 * The IVR's answers from a contact's attributes, in the order the flow stored them, each
 * with a label an agent can read ("callReason" → "Reason for calling", "accountType" →
 * "Account type"). Values are not redacted here.
 */
export function ivrAnswers(
  attributes: Readonly<Record<string, string>>,
): { label: string; value: string }[] {
  return Object.entries(attributes)
    .filter(([key, value]) => !HIDDEN.test(key) && value.trim().length > 0)
    .map(([key, value]) => ({ label: LABELS[key] ?? labelOf(key), value: value.trim() }));
}

function labelOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
