import { describeJourney } from "./messaging-journey.ts";

describeJourney("whatsapp", "+447911123456");
