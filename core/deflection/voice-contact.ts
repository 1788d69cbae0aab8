/** What the deflect function knows of the call, taken from the contact-flow event. */
export interface VoiceContact {
  readonly instanceId: string;
  readonly contactId: string;
  readonly queueId?: string;
  /** The working queue's name, as Connect reports it. */
  readonly queueName?: string;
  /** The call's language (e.g. en-US), when the flow set one. */
  readonly languageCode?: string;
  /** The caller's number as Connect gave it; may be missing or anonymous. */
  readonly customerNumber?: string;
  /** The contact's attributes (IVR answers), carried into the chat later. */
  readonly attributes: Readonly<Record<string, string>>;
}
