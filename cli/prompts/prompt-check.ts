import { XMLParser, XMLValidator } from "fast-xml-parser";

// SynthesizeSpeech limits (protocols.md §8.4 and §9): tags are not billed.
export const MAX_TOTAL_CHARACTERS = 6000;
export const MAX_BILLED_CHARACTERS = 3000;

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  trimValues: false,
  // Keep text as text ("12" stays a string) so it can be counted.
  parseTagValue: false,
});

/**
 * Checks a filled-in prompt before it is sent: well-formed SSML under one `<speak>` root, no
 * `$.` reference left unfilled, and within Polly's character limits. Answers the reason it
 * would fail, or undefined. Which tags Polly takes is left to Polly.
 */
export function promptProblem(ssml: string): string | undefined {
  const reference = /\$\.[A-Za-z]\w*(?:\.[A-Za-z]\w*)*/u.exec(ssml);
  if (reference) return `${reference[0]} has no example value to fill it`;
  const total = [...ssml].length;
  if (total > MAX_TOTAL_CHARACTERS) {
    return `${total} characters, over Polly's ${MAX_TOTAL_CHARACTERS} in total`;
  }
  const valid = XMLValidator.validate(ssml);
  if (valid !== true) {
    return `SSML is not well-formed: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`;
  }
  const top = (parser.parse(ssml) as XmlNode[]).filter((node) => !("?xml" in node));
  // The validator lets a self-closing element follow the root (`<speak>…</speak><break/>`).
  const roots = top.filter((node) => !("#text" in node));
  const root = roots[0];
  if (roots.length !== 1 || !root) return "SSML needs exactly one root element, <speak>";
  const name = elementName(root);
  if (name !== "speak") return `SSML's root element must be <speak>, not <${name}>`;
  const billed = textLength(root);
  if (billed > MAX_BILLED_CHARACTERS) {
    return `${billed} billed characters (text outside tags), over Polly's ${MAX_BILLED_CHARACTERS}`;
  }
  return undefined;
}

function elementName(node: XmlNode): string {
  return Object.keys(node).find((key) => key !== ":@") ?? "";
}

function textLength(node: XmlNode): number {
  const text = node["#text"];
  if (typeof text === "string") return [...text].length;
  const children = node[elementName(node)];
  if (!Array.isArray(children)) return 0;
  return (children as XmlNode[]).reduce((sum, child) => sum + textLength(child), 0);
}
