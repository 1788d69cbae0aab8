import type { SsmlElement, SsmlNode } from "./ssml-tree.ts";

/**
 * Polly SSML → what espeak-ng reads with `-m`, and → the words a listener hears.
 * espeak-ng knows speak, s, p, break, prosody (rate, pitch), emphasis and
 * say-as characters; Polly-only tags (amazon:*, w, lang, phoneme, mark) keep their text.
 */

const BREAK_STRENGTH_MS: Readonly<Record<string, number>> = {
  none: 0,
  "x-weak": 0,
  weak: 300,
  medium: 300,
  strong: 700,
  "x-strong": 1200,
};

/** Pause of a `<break>` in milliseconds (Polly's default is `medium`, a comma's pause). */
export function breakMilliseconds(attributes: Readonly<Record<string, string>>): number {
  const time = attributes.time;
  if (time !== undefined) {
    const match = /^(\d+(?:\.\d+)?)(ms|s)$/u.exec(time.trim());
    if (match) return Number(match[1]) * (match[2] === "s" ? 1000 : 1);
  }
  return BREAK_STRENGTH_MS[attributes.strength ?? "medium"] ?? 300;
}

export function toEspeakSsml(root: SsmlElement): string {
  return `<speak>${root.children.map(renderNode).join("")}</speak>`;
}

function renderNode(node: SsmlNode): string {
  if (node.kind === "text") return escapeXml(node.text);
  const inner = () => node.children.map(renderNode).join("");
  const a = node.attributes;
  switch (node.name) {
    case "break": {
      const ms = breakMilliseconds(a);
      return ms > 0 ? `<break time="${Math.round(ms)}ms"/>` : "";
    }
    case "amazon:breath":
      return '<break time="300ms"/>';
    case "p":
    case "s":
      return `<${node.name}>${inner()}</${node.name}>`;
    case "emphasis":
      return `<emphasis>${inner()}</emphasis>`;
    case "prosody": {
      const attrs = ["rate", "pitch"]
        .filter((name) => a[name] !== undefined && a[name] !== "default")
        .map((name) => ` ${name}="${escapeXml(a[name] ?? "")}"`)
        .join("");
      // A silent passage is not spoken at all.
      if (a.volume === "silent") return "";
      return attrs ? `<prosody${attrs}>${inner()}</prosody>` : inner();
    }
    case "say-as":
      return sayAs(node, inner);
    case "sub":
      return escapeXml(a.alias ?? "");
    case "mark":
      return "";
    default:
      return inner();
  }
}

function sayAs(node: SsmlElement, inner: () => string): string {
  const kind = node.attributes["interpret-as"];
  const text = plainText(node);
  if (kind === "characters" || kind === "spell-out") {
    return `<say-as interpret-as="characters">${escapeXml(text)}</say-as>`;
  }
  if (kind === "digits" || kind === "telephone")
    return escapeXml([...text.replace(/\s+/gu, "")].join(" "));
  // Polly bleeps an expletive; a short pause stands in for the bleep.
  if (kind === "expletive") return '<break time="400ms"/>';
  return inner();
}

/** The words a listener hears, as text (what a recogniser would write down). */
export function spokenText(root: SsmlElement): string {
  return collapse(spoken(root));
}

function spoken(node: SsmlNode): string {
  if (node.kind === "text") return node.text;
  switch (node.name) {
    case "sub":
      return node.attributes.alias ?? "";
    case "break":
    case "mark":
    case "amazon:breath":
      return " ";
    case "say-as":
      return node.attributes["interpret-as"] === "expletive"
        ? " "
        : node.children.map(spoken).join("");
    case "prosody":
      return node.attributes.volume === "silent" ? " " : node.children.map(spoken).join("");
    case "p":
    case "s":
      return ` ${node.children.map(spoken).join("")} `;
    default:
      return node.children.map(spoken).join("");
  }
}

function plainText(node: SsmlNode): string {
  return node.kind === "text" ? node.text : node.children.map(plainText).join("");
}

function collapse(text: string): string {
  return text
    .replace(/\s+/gu, " ")
    .replace(/\s+([,.;:!?])/gu, "$1")
    .trim();
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/gu, "&amp;")
    .replace(/</gu, "&lt;")
    .replace(/>/gu, "&gt;")
    .replace(/"/gu, "&quot;");
}
