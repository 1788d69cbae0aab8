import type { ChatRoom } from "../chat/chat-room.ts";
import type { TranscriptItem } from "../chat/transcript-item.ts";
import type {
  FlowParticipant,
  InputRequest,
  ParticipantInput,
  PlayResult,
  PromptDelivery,
} from "../flow/index.ts";

/**
 * The customer of a real chat, as a flow sees it: prompts become SYSTEM messages in the chat
 * (what the customer's widget and GetTranscript show), and input is the customer's next
 * message sent through the participant API or the emulator's driving API.
 */
export class ChatRoomParticipant implements FlowParticipant {
  constructor(private readonly room: ChatRoom) {}

  isConnected(): boolean {
    const customer = this.room.customer();
    return !this.room.ended && customer !== undefined && !customer.left;
  }

  async play(delivery: PromptDelivery, _signal: AbortSignal): Promise<PlayResult> {
    if (!this.isConnected()) return "hungUp";
    // Only Text reaches a chat; the interpreter refuses SSML and prompts there (§2.3).
    const text = delivery.prompt.kind === "Text" ? delivery.prompt.text : "";
    this.room.post(undefined, { type: "MESSAGE", contentType: "text/plain", content: text });
    return "played";
  }

  async awaitInput(_request: InputRequest, signal: AbortSignal): Promise<ParticipantInput> {
    const item = await this.next(signal, (candidate) => candidate.Type === "MESSAGE");
    return item ? { kind: "text", text: item.Content ?? "" } : { kind: "hungUp" };
  }

  /** No chat events are modelled beyond leaving; a Wait ends on its timeout or a hang-up. */
  async awaitEvent(_events: readonly string[], signal: AbortSignal): Promise<string> {
    await this.next(signal, () => false);
    return "hungUp";
  }

  /** The customer's next item that `wanted` accepts; undefined once the customer has gone. */
  private next(
    signal: AbortSignal,
    wanted: (item: TranscriptItem) => boolean,
  ): Promise<TranscriptItem | undefined> {
    if (!this.isConnected()) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const unsubscribe = this.room.subscribe((item) => {
        if (!this.isConnected()) finish(() => resolve(undefined));
        else if (item.ParticipantRole === "CUSTOMER" && wanted(item)) finish(() => resolve(item));
      });
      const onAbort = () => finish(() => reject(signal.reason));
      const finish = (settle: () => void) => {
        unsubscribe();
        signal.removeEventListener("abort", onAbort);
        settle();
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}
