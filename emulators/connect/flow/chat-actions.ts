import { failed, NEXT } from "./conditions.ts";
import { type ActionExecutor, stringParam } from "./flow-context.ts";
import { resolveParameterText } from "./references.ts";

interface ChatProcessor {
  readonly ProcessingEnabled: string;
  readonly LambdaProcessorARN?: string;
  readonly ChatProcessorSettings?: { readonly DeliverUnprocessedMessages?: string };
}

/** Only a chat's messages can be processed; any other channel is ChannelMismatch (action page). */
const updateContactMediaProcessing: ActionExecutor = async (action, ctx) => {
  if (ctx.host.contactData().channel !== "CHAT") {
    return { kind: "error", error: "ChannelMismatch", detail: "message processing is chat only" };
  }
  const processor = action.Parameters.ChatProcessor as ChatProcessor;
  const applied = await ctx.host.applySetting({
    kind: "mediaProcessing",
    enabled: processor.ProcessingEnabled === "True",
    lambdaProcessorArn: processor.LambdaProcessorARN ?? "",
    // The console's default delivers a message its processor failed on [unverified].
    deliverUnprocessedMessages:
      processor.ChatProcessorSettings?.DeliverUnprocessedMessages !== "False",
  });
  return applied ? NEXT : failed("the contact refused the message processor");
};

/** Voice and tasks take the error branch (block page); so does a source that is no ended chat. */
const createPersistentContactAssociation: ActionExecutor = async (action, ctx) => {
  if (ctx.host.contactData().channel !== "CHAT") return failed("persistent chat is chat only");
  const sourceContactId = resolveParameterText(
    stringParam(action, "SourceContactId") ?? "",
    ctx.scope(),
  );
  const rehydrationType =
    stringParam(action, "RehydrationType") === "FROM_SEGMENT"
      ? "FROM_SEGMENT"
      : "ENTIRE_PAST_SESSION";
  const continued = sourceContactId
    ? await ctx.host.createPersistentChat?.({ rehydrationType, sourceContactId })
    : undefined;
  return continued ? NEXT : failed(`no ended chat ${JSON.stringify(sourceContactId)} to continue`);
};

export const chatExecutors: Readonly<Record<string, ActionExecutor>> = {
  UpdateContactMediaProcessing: updateContactMediaProcessing,
  CreatePersistentContactAssociation: createPersistentContactAssociation,
};
