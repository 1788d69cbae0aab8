import { spawn } from "node:child_process";
import { readWav, type WavAudio } from "./wav-reader.ts";

export const ESPEAK_INSTALL_HINT = "install espeak-ng (apt-get install espeak-ng)";

/** espeak-ng is not on the PATH (or the configured command does not exist). */
export class EspeakMissingError extends Error {
  constructor(command: string, options?: { cause?: unknown }) {
    super(`${command} is not installed or not on the PATH: ${ESPEAK_INSTALL_HINT}`, options);
    this.name = "EspeakMissingError";
  }
}

/** espeak-ng ran and failed (bad voice, bad input). */
export class EspeakFailedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EspeakFailedError";
  }
}

export interface EspeakRequest {
  /** Plain text, or SSML when `ssml` is true (espeak-ng's own subset, see espeak-ssml.ts). */
  readonly input: string;
  readonly ssml: boolean;
  /** espeak-ng voice, e.g. `en-us+f3`. */
  readonly voice: string;
  /** Words per minute (espeak's default is 175). */
  readonly wordsPerMinute?: number;
  /** Base pitch 0–99 (espeak's default is 50). */
  readonly pitch?: number;
  readonly command?: string;
  readonly timeoutMs?: number;
}

/**
 * Runs espeak-ng once and returns its WAV (22,050 Hz). No shell: the text goes through stdin,
 * so nothing in it can be read as an option or a command.
 */
export function runEspeak(request: EspeakRequest): Promise<WavAudio> {
  const command = request.command ?? "espeak-ng";
  const args = ["--stdout", "--stdin", "-v", request.voice, "-b", "1"];
  if (request.ssml) args.push("-m");
  if (request.wordsPerMinute !== undefined) args.push("-s", String(request.wordsPerMinute));
  if (request.pitch !== undefined) args.push("-p", String(request.pitch));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill("SIGKILL"), request.timeoutMs ?? 30_000);
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === "ENOENT"
          ? new EspeakMissingError(command, { cause: error })
          : new EspeakFailedError(`could not run ${command}: ${error.message}`, { cause: error }),
      );
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString("utf8").trim();
      if (code !== 0) {
        const why = signal ? `was stopped by ${signal}` : `exited with ${code}`;
        reject(new EspeakFailedError(`${command} ${why}${stderr ? `: ${stderr}` : ""}`));
        return;
      }
      try {
        resolve(readWav(Buffer.concat(out)));
      } catch (error) {
        reject(new EspeakFailedError(`${command} wrote no usable WAV`, { cause: error }));
      }
    });
    // A closed stdin (espeak-ng exiting early) must not crash the process.
    child.stdin.on("error", () => {});
    child.stdin.end(request.input, "utf8");
  });
}

let availability: Promise<boolean> | undefined;

/** True when espeak-ng runs here; callers print ESPEAK_INSTALL_HINT otherwise. Memoised. */
export function espeakAvailable(command = "espeak-ng"): Promise<boolean> {
  if (command !== "espeak-ng") return probe(command);
  availability ??= probe(command);
  return availability;
}

function probe(command: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, ["--version"], { stdio: "ignore" });
    child.on("error", () => resolve(false));
    child.on("close", (code) => resolve(code === 0));
  });
}
