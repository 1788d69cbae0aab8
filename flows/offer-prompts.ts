/** The spoken offer, built from the check's answer ($.External). */
export const OFFER_SSML =
  '<speak>The wait is about $.External.waitMinutes minutes. <break time="300ms"/>To carry on by $.External.channelName instead, press 1, and we will message you now. To keep your place in the queue, press 2.</speak>';

export const CONFIRM_SSML =
  '<speak>Done. We have sent you $.External.messagePhrase. Reply there whenever suits you, and an agent will carry on from this call. <break time="300ms"/>Goodbye.</speak>';

export const APOLOGY_TEXT =
  "Sorry, we could not send that message. You keep your place in the queue.";
