import type {
  FlowParticipant,
  InputRequest,
  ParticipantInput,
  PlayResult,
  PromptDelivery,
} from "../flow/index.ts";
import type { AudioClip } from "./audio-track.ts";

export interface MediaTapHooks {
  now(): number;
  /** The caller said `text` just now. */
  said(text: string): void;
  /** A prompt starts playing now; the clip it returns is cut when the prompt stops. */
  prompt(speech: { text: string; textType: "text" | "ssml" }): AudioClip | undefined;
}

/**
 * The voice caller as the flow sees it, passing what is said and played to the media stream.
 * Recorded prompts (prompt ids, media files) have no audio here and stay silent.
 */
export class MediaTap implements FlowParticipant {
  constructor(
    private readonly inner: FlowParticipant,
    private readonly hooks: MediaTapHooks,
  ) {}

  isConnected(): boolean {
    return this.inner.isConnected();
  }

  async play(delivery: PromptDelivery, signal: AbortSignal): Promise<PlayResult> {
    const { prompt } = delivery;
    const clip =
      prompt.kind === "Text"
        ? this.hooks.prompt({ text: prompt.text, textType: "text" })
        : prompt.kind === "SSML"
          ? this.hooks.prompt({ text: prompt.ssml, textType: "ssml" })
          : undefined;
    try {
      return await this.inner.play(delivery, signal);
    } finally {
      clip?.cut(this.hooks.now());
    }
  }

  async awaitInput(request: InputRequest, signal: AbortSignal): Promise<ParticipantInput> {
    const input = await this.inner.awaitInput(request, signal);
    if (input.kind === "speech") this.hooks.said(input.text);
    return input;
  }

  awaitEvent(events: readonly string[], signal: AbortSignal): Promise<string> {
    return this.inner.awaitEvent(events, signal);
  }
}
