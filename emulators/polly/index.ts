export { decodeAlaw, decodeMulaw, encodeAlaw, encodeMulaw } from "./g711-codec.ts";
export { type PollyEmulator, type PollyEmulatorOptions, startPollyEmulator } from "./server.ts";
export type { SpokenRecord } from "./synthesize-speech.ts";
