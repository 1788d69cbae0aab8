import type { SsmlElement, SsmlNode, TimedToken } from "../speech/index.ts";
import { tokenize } from "../speech/word-timing.ts";
import type { SpeechMarkType } from "./synthesize-request.ts";

/** One line of Polly's speech-mark stream; times in ms, start/end are byte offsets in Text. */
interface SpeechMark {
  readonly time: number;
  readonly type: "sentence" | "word" | "ssml";
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

const ORDER = { sentence: 0, ssml: 1, word: 2 } as const;

/**
 * Speech marks as newline-separated JSON. Word times come from the synthesized audio's pauses
 * and word lengths, so they are approximate; offsets are found by searching the input text.
 */
export function speechMarks(input: {
  text: string;
  ssml: SsmlElement | undefined;
  tokens: readonly TimedToken[];
  types: readonly SpeechMarkType[];
}): string {
  const locate = textLocator(input.text, input.ssml !== undefined);
  const located = input.tokens.map((token) => {
    const [start, end] = locate(token.content);
    return { token, start, end };
  });
  const wordMarks = located
    .filter(({ token }) => token.type === "pronunciation")
    .map(({ token, start, end }) => ({
      time: ms(token.startSeconds),
      type: "word" as const,
      start,
      end,
      value: token.content,
    }));
  const marks: SpeechMark[] = [];
  if (input.types.includes("word")) marks.push(...wordMarks);
  if (input.types.includes("sentence")) marks.push(...sentenceMarks(located, input.text));
  if (input.types.includes("ssml") && input.ssml) {
    const end = ms(input.tokens[input.tokens.length - 1]?.endSeconds ?? 0);
    marks.push(
      ...ssmlMarks(
        input.ssml,
        input.text,
        wordMarks.map((mark) => mark.time),
        end,
      ),
    );
  }
  marks.sort((a, b) => a.time - b.time || ORDER[a.type] - ORDER[b.type]);
  return marks.map((mark) => `${JSON.stringify(mark)}\n`).join("");
}

interface Located {
  readonly token: TimedToken;
  readonly start: number;
  readonly end: number;
}

/** Sentences end at . ? ! and run from their first word to their closing mark. */
function sentenceMarks(located: readonly Located[], text: string): SpeechMark[] {
  const bytes = Buffer.from(text, "utf8");
  const marks: SpeechMark[] = [];
  let first: Located | undefined;
  let last: Located | undefined;
  const close = () => {
    if (first && last) {
      const value = bytes.subarray(first.start, last.end).toString("utf8");
      marks.push({
        time: ms(first.token.startSeconds),
        type: "sentence",
        start: first.start,
        end: last.end,
        value,
      });
    }
    first = undefined;
    last = undefined;
  };
  for (const entry of located) {
    if (entry.token.type === "pronunciation") {
      first ??= entry;
      last = entry;
    } else if (first && entry.end > entry.start) {
      last = entry;
      if (/[.?!…]/u.test(entry.token.content)) close();
    }
  }
  close();
  return marks;
}

function ssmlMarks(
  root: SsmlElement,
  text: string,
  wordTimes: readonly number[],
  endMs: number,
): SpeechMark[] {
  const marks: SpeechMark[] = [];
  let wordsBefore = 0;
  let searchFrom = 0;
  const walk = (node: SsmlNode) => {
    if (node.kind === "text") {
      wordsBefore += tokenize(node.text).filter((t) => t.type === "pronunciation").length;
      return;
    }
    if (node.name === "sub") {
      wordsBefore += tokenize(node.attributes.alias ?? "").length;
      return;
    }
    if (node.name === "mark") {
      const at = text.indexOf("<mark", searchFrom);
      const close = at < 0 ? -1 : text.indexOf(">", at);
      searchFrom = close < 0 ? searchFrom : close + 1;
      const start = at < 0 ? 0 : Buffer.byteLength(text.slice(0, at));
      const end = close < 0 ? start : Buffer.byteLength(text.slice(0, close + 1));
      marks.push({
        time: wordTimes[wordsBefore] ?? endMs,
        type: "ssml",
        start,
        end,
        value: node.attributes.name ?? "",
      });
    }
    node.children.forEach(walk);
  };
  walk(root);
  return marks;
}

/** Finds each word in turn in the input, outside tags; returns UTF-8 byte offsets. */
function textLocator(text: string, isSsml: boolean): (word: string) => [number, number] {
  const inTag = new Uint8Array(text.length);
  if (isSsml) {
    let open = false;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === "<") open = true;
      inTag[i] = open ? 1 : 0;
      if (text[i] === ">") open = false;
    }
  }
  let cursor = 0;
  return (word) => {
    let at = text.indexOf(word, cursor);
    while (at >= 0 && inTag[at]) at = text.indexOf(word, at + 1);
    if (at < 0) {
      const here = Buffer.byteLength(text.slice(0, cursor));
      return [here, here];
    }
    cursor = at + word.length;
    return [Buffer.byteLength(text.slice(0, at)), Buffer.byteLength(text.slice(0, cursor))];
  };
}

function ms(seconds: number): number {
  return Math.round(seconds * 1000);
}
