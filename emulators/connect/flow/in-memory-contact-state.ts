import type { ContactSetting } from "./contact-setting.ts";
import type { FlowClock, MediaStreamInfo } from "./flow-host.ts";

/** How a test's contact starts, for the settings that depend on it. */
export interface InMemoryContactStateOptions {
  /** User-defined tags the contact already carries. */
  readonly tags?: Readonly<Record<string, string>>;
  /** A paused contact (a task), which ResumeContact resumes. */
  readonly paused?: boolean;
  /** The contact before a transfer; without one there is no previous participant to hold. */
  readonly previousContactId?: string;
  /** The outbound call CompleteOutboundCall places cannot be connected. */
  readonly outboundCallFails?: boolean;
}

type Previous = Extract<ContactSetting, { kind: "previousParticipantState" }>["state"];
type MediaProcessing = Omit<Extract<ContactSetting, { kind: "mediaProcessing" }>, "kind">;

/**
 * The parts of a test contact that contact settings change beyond the host's own fields: its
 * media stream, tags, whether it is paused, the previous contact's participants, the chat's
 * message processor, and the outbound call a whisper flow places.
 */
export class InMemoryContactState {
  mediaStreams: MediaStreamInfo | null = null;
  readonly tags: Record<string, string>;
  paused: boolean;
  previousParticipantState: Previous | undefined;
  mediaProcessing: MediaProcessing | undefined;
  outboundCall: Extract<ContactSetting, { kind: "outboundCall" }> | undefined;

  constructor(
    private readonly options: InMemoryContactStateOptions,
    private readonly media: { readonly clock: FlowClock; readonly streamArn: string },
  ) {
    this.tags = { ...options.tags };
    this.paused = options.paused ?? false;
  }

  /** Applies a setting this state owns: true or false as it succeeded; undefined if not its own. */
  apply(setting: ContactSetting): boolean | undefined {
    switch (setting.kind) {
      case "mediaStreaming":
        return this.stream(setting.enabled);
      case "tags":
        Object.assign(this.tags, setting.tags);
        return true;
      case "untag":
        return this.untag(setting.tagKeys);
      case "resume":
        if (!this.paused) return false;
        this.paused = false;
        return true;
      case "previousParticipantState":
        if (!this.options.previousContactId) return false;
        this.previousParticipantState = setting.state;
        return true;
      case "mediaProcessing": {
        const { kind: _kind, ...processing } = setting;
        this.mediaProcessing = processing;
        return true;
      }
      case "outboundCall":
        if (this.options.outboundCallFails) return false;
        this.outboundCall = setting;
        return true;
      default:
        return undefined;
    }
  }

  private stream(enabled: boolean): boolean {
    const now = String(this.media.clock.now());
    if (enabled) {
      this.mediaStreams = {
        streamArn: this.media.streamArn,
        startTimestamp: now,
        startFragmentNumber: "91343852333181432392682062622220590765191907586",
      };
      return true;
    }
    if (!this.mediaStreams) return false;
    this.mediaStreams = {
      ...this.mediaStreams,
      stopTimestamp: now,
      stopFragmentNumber: "91343852333181432392682062622220590765191907999",
    };
    return true;
  }

  /** All or nothing: only tags the contact carries can be removed (UnTagContact page). */
  private untag(keys: readonly string[]): boolean {
    if (!keys.every((key) => Object.hasOwn(this.tags, key))) return false;
    for (const key of keys) delete this.tags[key];
    return true;
  }
}
