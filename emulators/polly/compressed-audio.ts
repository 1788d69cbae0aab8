import { spawn } from "node:child_process";
import { PollyError } from "./polly-errors.ts";

export type CompressedFormat = "mp3" | "ogg_vorbis" | "ogg_opus";

const CODEC: Readonly<Record<CompressedFormat, readonly string[]>> = {
  mp3: ["-c:a", "libmp3lame", "-f", "mp3"],
  ogg_vorbis: ["-c:a", "libvorbis", "-f", "ogg"],
  ogg_opus: ["-c:a", "libopus", "-f", "ogg"],
};

/**
 * mp3 and Ogg through ffmpeg when it is installed (Debian's build has lame, vorbis and opus).
 * Without it, the request gets a clear 400: the emulator does not produce the format.
 */
export function encodeCompressed(input: {
  samples: Int16Array;
  sampleRateHz: number;
  format: CompressedFormat;
  outputRateHz: number;
  command?: string;
}): Promise<Buffer> {
  const command = input.command ?? "ffmpeg";
  const args = [
    ...["-hide_banner", "-loglevel", "error", "-f", "s16le", "-ar", String(input.sampleRateHz)],
    ...[
      "-ac",
      "1",
      "-i",
      "pipe:0",
      "-ar",
      String(input.outputRateHz),
      ...CODEC[input.format],
      "pipe:1",
    ],
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", () => reject(notProduced(input.format, `${command} is not installed`)));
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else
        reject(
          notProduced(
            input.format,
            `${command} failed: ${Buffer.concat(err).toString("utf8").trim()}`,
          ),
        );
    });
    child.stdin.on("error", () => {});
    child.stdin.end(
      Buffer.from(input.samples.buffer, input.samples.byteOffset, input.samples.byteLength),
    );
  });
}

function notProduced(format: string, why: string): PollyError {
  return new PollyError(
    "ValidationException",
    `The emulator does not produce ${format} here (${why}); use pcm, mulaw, alaw or json`,
  );
}
