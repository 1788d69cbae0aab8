import {
  elements,
  type PollyEngine,
  parseSsml,
  type SsmlElement,
  SsmlSyntaxError,
} from "../speech/index.ts";

import { PollyError } from "./polly-errors.ts";

/**
 * Polly's SSML subset (docs: "Supported SSML tags" and one page per tag, read 2026): the tags,
 * their attribute values, and which engines take them ("an error occurs" otherwise).
 * Unknown attributes on known tags are ignored; `w` roles are [unverified].
 */

type Check = (value: string) => boolean;

const oneOf =
  (...values: string[]): Check =>
  (value) =>
    values.includes(value);
const duration = (maxMs: number): Check => {
  return (value) => {
    const match = /^(\d+(?:\.\d+)?)(ms|s)$/u.exec(value);
    if (!match) return false;
    const ms = Number(match[1]) * (match[2] === "s" ? 1000 : 1);
    return ms <= maxMs;
  };
};
const signedPercent: Check = (value) => /^[+-]\d+(\.\d+)?%$/u.test(value);
const rate: Check = (value) => {
  if (oneOf("x-slow", "slow", "medium", "fast", "x-fast", "default")(value)) return true;
  if (signedPercent(value)) return true;
  const match = /^(\d+(?:\.\d+)?)%$/u.exec(value);
  return match !== null && Number(match[1]) >= 20 && Number(match[1]) <= 200;
};
const volume: Check = (value) =>
  oneOf("default", "silent", "x-soft", "soft", "medium", "loud", "x-loud")(value) ||
  /^[+-]\d+(\.\d+)?dB$/u.test(value);
const pitch: Check = (value) =>
  oneOf("default", "x-low", "low", "medium", "high", "x-high")(value) || signedPercent(value);
const languageCode: Check = (value) => /^[a-z]{2,3}(-[A-Za-z]{2,4})*$/u.test(value);
const nonEmpty: Check = (value) => value.trim().length > 0;
const breathVolume = oneOf("default", "x-soft", "soft", "medium", "loud", "x-loud");
const breathDuration = oneOf("default", "x-short", "short", "medium", "long", "x-long");

interface TagRule {
  readonly attributes: Readonly<Record<string, Check>>;
  readonly required?: readonly string[];
  /** Engines that take the tag; all four when omitted. */
  readonly engines?: readonly PollyEngine[];
}

const TAGS: Readonly<Record<string, TagRule>> = {
  speak: { attributes: {} },
  break: {
    attributes: {
      strength: oneOf("none", "x-weak", "weak", "medium", "strong", "x-strong"),
      time: duration(10_000),
    },
  },
  emphasis: {
    attributes: { level: oneOf("strong", "moderate", "reduced") },
    engines: ["standard"],
  },
  lang: { attributes: { "xml:lang": languageCode }, required: ["xml:lang"] },
  mark: { attributes: { name: nonEmpty }, required: ["name"] },
  p: { attributes: {} },
  s: { attributes: {} },
  phoneme: { attributes: { alphabet: oneOf("ipa", "x-sampa"), ph: nonEmpty }, required: ["ph"] },
  prosody: {
    attributes: { volume, rate, pitch, "amazon:max-duration": duration(Number.POSITIVE_INFINITY) },
  },
  "say-as": {
    attributes: {
      "interpret-as": oneOf(
        ...["characters", "spell-out", "cardinal", "number", "ordinal", "digits", "fraction"],
        ...["unit", "date", "time", "address", "expletive", "telephone"],
      ),
      format: oneOf("mdy", "dmy", "ymd", "md", "dm", "ym", "my", "d", "m", "y", "yyyymmdd"),
    },
    required: ["interpret-as"],
  },
  sub: { attributes: { alias: (value) => value.length > 0 }, required: ["alias"] },
  w: {
    attributes: {
      role: oneOf(
        "amazon:VB",
        "amazon:VBD",
        "amazon:SENSE_1",
        "amazon:NN",
        "amazon:DT",
        "amazon:IN",
        "amazon:JJ",
      ),
    },
  },
  "amazon:auto-breaths": {
    attributes: {
      volume: breathVolume,
      duration: breathDuration,
      frequency: oneOf("default", "x-low", "low", "medium", "high", "x-high"),
    },
    engines: ["standard"],
  },
  "amazon:breath": {
    attributes: { volume: breathVolume, duration: breathDuration },
    engines: ["standard"],
  },
  "amazon:domain": {
    attributes: { name: oneOf("news", "conversational") },
    required: ["name"],
    engines: ["neural"],
  },
  "amazon:effect": {
    attributes: {
      name: oneOf("drc", "whispered"),
      phonation: oneOf("soft"),
      "vocal-tract-length": (value) => /^[+-]?\d+(\.\d+)?%$/u.test(value),
    },
  },
};

/** Tags and attributes only the standard engine takes. */
function engineOk(element: SsmlElement, engine: PollyEngine): boolean {
  const rule = TAGS[element.name];
  if (rule?.engines && !rule.engines.includes(engine)) return false;
  const a = element.attributes;
  if (element.name === "prosody" && engine !== "standard") {
    if (a.pitch !== undefined || a["amazon:max-duration"] !== undefined) return false;
  }
  if (element.name === "amazon:effect") {
    if (a.name === "drc") return engine !== "generative";
    return engine === "standard";
  }
  return true;
}

function invalid(message: string): PollyError {
  return new PollyError("InvalidSsmlException", `Invalid SSML request: ${message}`);
}

/** Parses and checks Polly SSML for an engine; throws InvalidSsmlException. */
export function validatePollySsml(text: string, engine: PollyEngine): SsmlElement {
  let root: SsmlElement;
  try {
    root = parseSsml(text);
  } catch (error) {
    if (error instanceof SsmlSyntaxError) throw invalid(`not well-formed: ${error.message}`);
    throw error;
  }
  if (root.name !== "speak") throw invalid(`the root element must be <speak>, not <${root.name}>`);
  for (const { element, ancestors } of elements(root)) {
    const rule = TAGS[element.name];
    if (!rule) throw invalid(`unsupported tag <${element.name}>`);
    if (element.name === "speak" && ancestors.length > 0) throw invalid("<speak> cannot be nested");
    for (const name of rule.required ?? []) {
      if (element.attributes[name] === undefined)
        throw invalid(`<${element.name}> needs the ${name} attribute`);
    }
    for (const [name, value] of Object.entries(element.attributes)) {
      const check = rule.attributes[name];
      if (check && !check(value))
        throw invalid(`<${element.name}> ${name}="${value}" is not a valid value`);
    }
    if (
      element.name === "prosody" &&
      !["volume", "rate", "pitch", "amazon:max-duration"].some(
        (n) => element.attributes[n] !== undefined,
      )
    ) {
      throw invalid("<prosody> needs volume, rate, pitch or amazon:max-duration");
    }
    if (!engineOk(element, engine))
      throw invalid(`<${element.name}> is not supported by the ${engine} engine`);
  }
  return root;
}

/** Characters Polly bills for SSML: the text, not the tags. */
export function billedCharacters(root: SsmlElement): number {
  let count = 0;
  const walk = (element: SsmlElement) => {
    for (const child of element.children) {
      if (child.kind === "text") count += [...child.text].length;
      else walk(child);
    }
  };
  walk(root);
  return count;
}
