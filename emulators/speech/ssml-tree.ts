import { XMLParser, XMLValidator } from "fast-xml-parser";

export type SsmlNode = SsmlText | SsmlElement;

export interface SsmlText {
  readonly kind: "text";
  readonly text: string;
}

export interface SsmlElement {
  readonly kind: "element";
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly SsmlNode[];
}

/** The SSML is not well-formed XML, or has more than one root. */
export class SsmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SsmlSyntaxError";
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  ignoreDeclaration: true,
  allowBooleanAttributes: false,
});

type Raw = Record<string, unknown>;

/** Parses SSML into its root element (whatever its name: the caller checks it is `speak`). */
export function parseSsml(text: string): SsmlElement {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw new SsmlSyntaxError(`${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  }
  const nodes = convert(parser.parse(text) as Raw[]);
  const roots = nodes.filter((node): node is SsmlElement => node.kind === "element");
  const strayText = nodes.some((node) => node.kind === "text" && node.text.trim() !== "");
  if (roots.length !== 1 || strayText)
    throw new SsmlSyntaxError("SSML must have exactly one root element");
  return roots[0] as SsmlElement;
}

function convert(raw: readonly Raw[]): SsmlNode[] {
  const nodes: SsmlNode[] = [];
  for (const entry of raw) {
    for (const [key, value] of Object.entries(entry)) {
      if (key === ":@") continue;
      if (key === "#text") {
        nodes.push({ kind: "text", text: String(value) });
        continue;
      }
      if (key.startsWith("?") || key.startsWith("!") || key === "#comment") continue;
      const attributes: Record<string, string> = Object.create(null);
      for (const [name, attr] of Object.entries((entry[":@"] ?? {}) as Record<string, unknown>)) {
        attributes[name] = String(attr);
      }
      nodes.push({
        kind: "element",
        name: key,
        attributes,
        children: convert((value ?? []) as Raw[]),
      });
    }
  }
  return nodes;
}

/** Walks every element, depth first, with its ancestors' names. */
export function* elements(
  root: SsmlElement,
  ancestors: readonly string[] = [],
): Generator<{ element: SsmlElement; ancestors: readonly string[] }> {
  yield { element: root, ancestors };
  for (const child of root.children) {
    if (child.kind === "element") yield* elements(child, [...ancestors, root.name]);
  }
}
