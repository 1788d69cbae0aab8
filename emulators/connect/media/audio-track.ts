import { CALL_SAMPLE_RATE_HZ } from "./call-voice.ts";

/** One sound placed on a track: it plays from `startMs` until its samples run out or it is cut. */
export class AudioClip {
  samples: Int16Array | undefined;
  endMs = Number.POSITIVE_INFINITY;
  readonly ready: Promise<void>;

  constructor(
    readonly startMs: number,
    render: Promise<Int16Array>,
  ) {
    this.ready = render.then(
      (samples) => {
        this.samples = samples;
        this.endMs = Math.min(this.endMs, startMs + (samples.length * 1000) / CALL_SAMPLE_RATE_HZ);
      },
      (error: unknown) => {
        // A voice that fails leaves silence, as a dead line would; the call goes on.
        console.error("call voice failed:", error);
        this.samples = new Int16Array(0);
        this.endMs = startMs;
      },
    );
  }

  /** Stops the clip at `atMs` (a prompt the caller interrupted or hung up on). */
  cut(atMs: number): void {
    this.endMs = Math.min(this.endMs, atMs);
  }
}

/** One direction of a call's audio: the clips on it, mixed into PCM window by window. */
export class AudioTrack {
  #clips: AudioClip[] = [];

  add(startMs: number, render: Promise<Int16Array>): AudioClip {
    const clip = new AudioClip(startMs, render);
    this.#clips.push(clip);
    return clip;
  }

  /** The track's PCM from `fromMs` to `toMs` (silence where nothing plays), as bytes. */
  async mix(fromMs: number, toMs: number): Promise<Uint8Array> {
    const overlapping = this.#clips.filter((clip) => clip.startMs < toMs && clip.endMs > fromMs);
    await Promise.all(overlapping.map((clip) => clip.ready));
    const perMs = CALL_SAMPLE_RATE_HZ / 1000;
    const out = new Int16Array(Math.round((toMs - fromMs) * perMs));
    for (const clip of overlapping) {
      const samples = clip.samples ?? new Int16Array(0);
      const first = Math.max(0, Math.round((clip.startMs - fromMs) * perMs));
      const last = Math.min(out.length, Math.round((clip.endMs - fromMs) * perMs));
      const skip = Math.round((fromMs - clip.startMs) * perMs);
      for (let i = first; i < last; i++) {
        const sample = (out[i] as number) + (samples[i + skip] ?? 0);
        out[i] = Math.max(-32768, Math.min(32767, sample));
      }
    }
    this.#clips = this.#clips.filter((clip) => clip.endMs > toMs);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
}
