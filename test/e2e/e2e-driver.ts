import { DescribeContactCommand, GetContactAttributesCommand } from "@aws-sdk/client-connect";
import { GetTranscriptCommand } from "@aws-sdk/client-connectparticipant";
import type { ChatConnectionStore } from "../../core/ports/chat-connection-store.ts";
import type { ConnectEmulator } from "../../emulators/connect/connect-emulator.ts";
import type { sdkClients } from "../../emulators/connect/test-support/clients.ts";
import type { ManualClock } from "../../emulators/shared-http/clock.ts";
import type { InboxRouter } from "../../sandbox/inbox-router.ts";
import type { CustomerApp, JourneyChannel } from "./customer-apps.ts";

const AGENT = "agent-1";
// The driver's settle loop is bounded: work that keeps producing work past this is a bug.
const MAX_SETTLE_ROUNDS = 5;

/** How a test drives the e2e world: as the caller, the customer's messenger app, and the agent. */
export function e2eDriver(parts: {
  clock: ManualClock;
  connect: ConnectEmulator;
  /** The customer's side of each channel the world serves. */
  apps: ReadonlyMap<JourneyChannel, CustomerApp>;
  /** The relay's SNS subscriber. */
  relayUrl: string;
  inbox: InboxRouter;
  clients: ReturnType<typeof sdkClients>;
  connections: ChatConnectionStore;
  instanceId: string;
}) {
  const { clock, connect, inbox } = parts;
  const apps = [...parts.apps.values()];
  const app = (channel: JourneyChannel) => {
    const found = parts.apps.get(channel);
    if (!found) throw new Error(`the world serves no ${channel} channel`);
    return found;
  };
  const sentCount = () => apps.reduce((sum, each) => sum + each.sentCount(), 0);
  const idle = async () => void (await Promise.all(apps.map((each) => each.idle())));

  /**
   * Lets every part finish what the last step started: flow runs and routing (virtual time),
   * chat streaming to the relay and the relay's sends (real HTTP), the platforms' webhooks.
   */
  const settle = async () => {
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      const before = connect.control.deliveries().length + sentCount();
      await clock.advanceAsync(2000);
      await connect.control.flushStreaming();
      await idle();
      if (connect.control.deliveries().length + sentCount() === before) return;
    }
  };

  // Without a ContactId, GetTranscript covers every chat of a persistent chat's chain.
  const readTranscript = async (chatContactId: string, options: { onlyThisChat: boolean }) => {
    const connection = await parts.connections.getConnection(chatContactId);
    if (!connection) throw new Error(`no participant connection for chat ${chatContactId}`);
    const page = await parts.clients.participant.send(
      new GetTranscriptCommand({
        ConnectionToken: connection.connectionToken,
        ...(options.onlyThisChat ? { ContactId: chatContactId } : {}),
        MaxResults: 100,
        SortOrder: "ASCENDING",
      }),
    );
    return (page.Transcript ?? []).filter((item) => item.Type === "MESSAGE");
  };

  return {
    settle,
    /** Lets `ms` of virtual time pass for every part, then lets their work settle. */
    async passTime(ms: number) {
      await clock.advanceAsync(ms);
      await settle();
    },
    /** Sets the queue's estimated voice wait, past the metrics refresh so the next call sees it. */
    async setVoiceWait(seconds: number) {
      connect.control.setEstimatedWait({ queue: "Support", channel: "VOICE", seconds });
      await clock.advanceAsync(10_000);
    },
    /**
     * A caller rings the deflection number, answers the reason question (`says` a sentence, or
     * presses `reasonKey`), presses `press` at the offer, and the IVR plays out.
     */
    async call(options: {
      number: string;
      press?: string;
      says?: string;
      reasonKey?: string;
      attributes?: Record<string, string>;
    }) {
      const reason = options.says
        ? [{ say: options.says, afterSeconds: 1, forAction: "ask-reason" }]
        : options.reasonKey
          ? [{ press: options.reasonKey, afterSeconds: 1, forAction: "ask-reason" }]
          : [];
      const contact = connect.control.placeVoiceCall({
        flow: "voice-deflection",
        customerNumber: options.number,
        ...(options.attributes ? { attributes: options.attributes } : {}),
        caller: {
          steps: [
            ...reason,
            ...(options.press
              ? [{ press: options.press, afterSeconds: 1, forAction: "offer" }]
              : []),
          ],
          promptSeconds: 3,
        },
      });
      await clock.advanceAsync(25_000);
      await idle();
      return contact;
    },
    heard(contactId: string) {
      return connect.control.flowTrace(contactId).heard.map((h) => h.content);
    },
    /**
     * The customer's app sends `text` from `handle`: the platform signs it and calls the webhook
     * function through the bridge; once it answers, the recorded inbox item goes to resume.
     */
    async customerSends(channel: JourneyChannel, handle: string, text: string) {
      const delivery = await app(channel).send(handle, text);
      const routed = delivery.status === 200 ? await inbox.drain() : 0;
      await settle();
      return { delivery, routed };
    },
    /** What the business sent to this customer on the channel, oldest first. */
    received(channel: JourneyChannel, handle: string) {
      return app(channel).received(handle);
    },
    /** The customer reached the business on the channel `agoMs` before now. */
    async customerWroteEarlier(channel: JourneyChannel, handle: string, agoMs: number) {
      const wrote = app(channel).wroteEarlier;
      if (!wrote) throw new Error(`${channel} keeps no earlier conversations`);
      await wrote(handle, clock.now() - agoMs);
      await idle();
    },
    /**
     * The call's chats, oldest first: the one linked to the call, then each that continues
     * the one before it (a persistent chat's RelatedContactId is the chat it continues).
     */
    chatsFor(voiceContactId: string) {
      const chats = connect.control.contacts(parts.instanceId).filter((c) => c.channel === "CHAT");
      const found = chats.filter((c) => c.relatedContactId === voiceContactId);
      for (let next = found.at(-1); next; next = found.at(-1)) {
        const after = chats.find((c) => c.relatedContactId === next?.id);
        if (!after) break;
        found.push(after);
      }
      return found;
    },
    async describeContact(contactId: string) {
      const { Contact } = await parts.clients.connect.send(
        new DescribeContactCommand({ InstanceId: parts.instanceId, ContactId: contactId }),
      );
      return Contact;
    },
    async attributes(contactId: string) {
      const { Attributes } = await parts.clients.connect.send(
        new GetContactAttributesCommand({
          InstanceId: parts.instanceId,
          InitialContactId: contactId,
        }),
      );
      return Attributes ?? {};
    },
    /** The chat's messages as the customer participant reads them (GetTranscript), oldest first. */
    transcript(chatContactId: string) {
      return readTranscript(chatContactId, { onlyThisChat: true });
    },
    /** The whole history the chat carries: the chats it continues, then its own messages. */
    history(chatContactId: string) {
      return readTranscript(chatContactId, { onlyThisChat: false });
    },
    /**
     * What SNS does on a retry: every chat item streamed so far for this chat is POSTed to the
     * relay again, signed envelope unchanged. Returns the relay's answers.
     */
    async redeliverChat(chatContactId: string) {
      const statuses: number[] = [];
      for (const delivery of connect.control.deliveries()) {
        if (delivery.contactId !== chatContactId) continue;
        const response = await fetch(parts.relayUrl, {
          method: "POST",
          headers: { "content-type": "text/plain; charset=UTF-8" },
          body: JSON.stringify(delivery.envelope),
        });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
      await idle();
      return statuses;
    },
    async agentAvailable() {
      connect.control.setAgentStatus(AGENT, "Available", parts.instanceId);
      await settle();
    },
    async agentAccept(chatContactId: string) {
      connect.control.agentAccept(AGENT, chatContactId);
      await settle();
    },
    async agentSend(chatContactId: string, text: string) {
      connect.control.agentSend(AGENT, chatContactId, text);
      await settle();
    },
    /** The agent attaches a file in the chat, as the agent workspace uploads it. */
    async agentSendsFile(
      chatContactId: string,
      file: { fileName: string; contentType: string; bytes: Buffer },
    ) {
      connect.control.agentSendAttachment(AGENT, chatContactId, file);
      await settle();
    },
    async agentEnd(chatContactId: string) {
      connect.control.agentEnd(AGENT, chatContactId);
      await settle();
    },
  };
}
