import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PollyEmulator, startPollyEmulator } from "../../emulators/polly/index.ts";
import { PROMPT_LANGUAGES, PROMPTS } from "../../flows/prompt-catalog.ts";
import { FLOW_PROMPTS, type PromptCatalog } from "./prompt-set.ts";
import { type PromptsContext, runPrompts } from "./run-prompts.ts";

let work: string;
let emulator: PollyEmulator;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "prompts-"));
  emulator = await startPollyEmulator();
});
afterAll(async () => {
  await emulator.close();
  await rm(work, { recursive: true, force: true });
});

async function run(argv: string[], context: Partial<PromptsContext> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runPrompts(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    ...context,
  });
  return { code, stdout, stderr };
}

/** What `soxi` (sox's own reader) says of a file's header. */
async function soxi(file: string) {
  const { stdout } = await promisify(execFile)("soxi", [file]);
  const field = (name: string) => new RegExp(`^${name}\\s*: (.+)$`, "mu").exec(stdout)?.[1];
  return {
    channels: field("Channels"),
    sampleRate: field("Sample Rate"),
    precision: field("Precision"),
    encoding: field("Sample Encoding"),
    samples: Number(/= (\d+) samples/u.exec(stdout)?.[1]),
  };
}

describe("npm run prompts", () => {
  it("writes every prompt in every language as 8 kHz mono 16-bit WAV, with a line for each", async () => {
    const out = join(work, "all");
    const result = await run(["--out", out]);
    expect(result.code).toBe(0);
    const names = Object.keys(PROMPTS).sort();
    const total = names.length * PROMPT_LANGUAGES.length;
    for (const language of PROMPT_LANGUAGES) {
      expect((await readdir(join(out, language))).sort()).toEqual(names.map((n) => `${n}.wav`));
      for (const name of names) {
        const file = join(out, language, `${name}.wav`);
        const header = await soxi(file);
        expect(header).toMatchObject({
          channels: "1",
          sampleRate: "8000",
          precision: "16-bit",
          encoding: "16-bit Signed Integer PCM",
        });
        // Speech, not an empty file: at least a second, and the header counts every byte.
        expect(header.samples).toBeGreaterThan(8000);
        expect((await stat(file)).size).toBe(44 + header.samples * 2);
      }
    }
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(total);
    const counters = lines.map((line) => /^\[(\d+)\/12\] /u.exec(line)?.[1]);
    expect(counters).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)));
    expect(lines.find((l) => l.includes(" es-US offer …"))).toMatch(
      /^\[\d+\/12\] es-US offer … \d+\.\d s of speech, rendered in \d+\.\d\d s$/u,
    );
    expect(result.stdout).toMatch(
      /^Wrote 12 of 12 prompts \(\d+\.\d s of speech, 8000 Hz mono 16-bit\) to .*all\/<language>\/<prompt>\.wav in \d+\.\d s, spoken by the local Polly emulator \(espeak-ng\)\.\n$/u,
    );
  });

  it("renders only the languages and prompts asked for, at 16 kHz, through --endpoint", async () => {
    const out = join(work, "some");
    const before = emulator.requests.list({ operation: "SynthesizeSpeech" }).length;
    const argv = ["--out", out, "--language", "es-US", "--prompt", "hold,offer"];
    const result = await run([...argv, "--sample-rate", "16000", "--endpoint", emulator.url]);
    expect(result.code).toBe(0);
    expect(await readdir(out)).toEqual(["es-US"]);
    expect((await readdir(join(out, "es-US"))).sort()).toEqual(["hold.wav", "offer.wav"]);
    expect((await soxi(join(out, "es-US", "hold.wav"))).sampleRate).toBe("16000");
    const sent = emulator.requests.list({ operation: "SynthesizeSpeech" }).slice(before);
    const bodies = sent.map((r) => JSON.parse(r.body) as Record<string, string>);
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(body).toMatchObject({
        VoiceId: "Lupe",
        Engine: "neural",
        LanguageCode: "es-US",
        SampleRate: "16000",
        TextType: "ssml",
      });
    }
    // The example values are filled in before Polly hears the prompt.
    expect(bodies.some((body) => body.Text?.includes("unos 12 minutos"))).toBe(true);
    expect(result.stdout).toContain(`spoken by ${emulator.url}.`);
  });

  it("fails on prompts the local check or Polly refuses, naming each, and writes the rest", async () => {
    const out = join(work, "broken");
    // A file from an earlier render of a prompt that is now broken must not survive.
    await mkdir(join(out, "en-US"), { recursive: true });
    await writeFile(join(out, "en-US", "unclosed.wav"), "stale");
    const catalog: PromptCatalog = {
      ...FLOW_PROMPTS,
      prompts: {
        hold: FLOW_PROMPTS.prompts.hold ?? {},
        unclosed: { "en-US": "<speak>Hello <break></speak>", "es-US": "<speak>Hola.</speak>" },
        emphatic: {
          "en-US": "<speak><emphasis>Now</emphasis>.</speak>",
          "es-US": "<speak>Ya.</speak>",
        },
        unfilled: {
          "en-US": "<speak>Hi $.External.nickname.</speak>",
          "es-US": "<speak>Hola.</speak>",
        },
      },
    };
    const result = await run(["--out", out, "--language", "en-US"], { catalog });
    expect(result.code).toBe(1);
    expect(await readdir(join(out, "en-US"))).toEqual(["hold.wav"]);
    expect(result.stdout).toMatch(/^Wrote 1 of 4 prompts /u);
    const summary = result.stderr.slice(result.stderr.indexOf("error: "));
    expect(summary).toBe(
      [
        "error: 3 of 4 prompts not written:",
        "  unclosed (en-US): SSML is not well-formed: Expected closing tag 'break' (opened in line 1, col 14) instead of closing tag 'speak'. (line 1, column 21)",
        "  emphatic (en-US): Polly refused the text: InvalidSsmlException: Invalid SSML request: <emphasis> is not supported by the neural engine",
        "  unfilled (en-US): $.External.nickname has no example value to fill it",
        "",
      ].join("\n"),
    );
    expect(result.stderr).toMatch(
      /^\[\d\/4\] en-US emphatic … refused: Polly refused the text: /mu,
    );
  });

  it("stops when Polly keeps failing, and names what it did not try", async () => {
    emulator.faults.setFailureRate("SynthesizeSpeech", 1, { status: 500 });
    try {
      const result = await run(["--out", join(work, "down"), "--endpoint", emulator.url]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /… failed: Polly SynthesizeSpeech failed: ServiceFailureException/u,
      );
      expect(result.stderr).toContain("not tried after Polly failed");
      expect(result.stdout).toMatch(/^Wrote 0 of 12 prompts /u);
      await expect(stat(join(work, "down"))).rejects.toThrow(/ENOENT/u);
    } finally {
      emulator.faults.clear();
    }
  });

  it.each([
    [
      ["--out", "x", "--language", "fr-FR"],
      '--language: unknown language "fr-FR" (known: en-US, es-US)',
    ],
    [
      ["--out", "x", "--prompt", "offer,goodbye"],
      '--prompt: unknown prompt "goodbye" (known: reason, offer',
    ],
    [["--out", "x", "--language", "en-US,"], "--language: expected a comma-separated list"],
    [["--language", "en-US"], "missing --out <dir>"],
    [
      ["--out", "x", "--sample-rate", "44100"],
      '--sample-rate: expected 8000 or 16000 (Polly\'s PCM rates), got "44100"',
    ],
    [["--out", "x", "--voice", "Joanna"], "unknown flag --voice"],
    [["--out", "x", "extra"], 'unexpected argument "extra"'],
    [["--out", "x", "--region", "eu-west-2"], "--region goes with --aws or --endpoint"],
    [["--out", "x", "--aws", "--region", "Europe"], '--region: not an AWS region, got "Europe"'],
    [["--out", "x", "--endpoint", "ftp://polly"], "--endpoint: expected an http(s) URL"],
  ])("%j is a usage error (exit 2) and writes nothing", async (argv, message) => {
    const out = join(work, "usage");
    const result = await run(argv.map((a) => (a === "x" ? out : a)));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(/^error: [^\n]* \(see `npm run prompts -- --help`\)\n$/u);
    await expect(stat(out)).rejects.toThrow(/ENOENT/u);
  });

  it("says what to install where espeak-ng is missing", async () => {
    const result = await run(["--out", join(work, "mute")], { espeakCommand: "espeak-ng-missing" });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "error: the local Polly needs espeak-ng-missing, which is not installed here: install espeak-ng (apt-get install espeak-ng); or pass --aws to use Amazon Polly\n",
    );
  });

  it("prints its usage on --help", async () => {
    const result = await run(["--out", "x", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run prompts -- --out <dir> /u);
    expect(result.stdout).toContain("--aws");
  });
});
