/** The 22 intents of the bot (the names of ../shared/fixtures/utterances/README.md); `unknown` is out of scope. */
export const INTENT_NAMES = [
  'what_is', 'who_can_join', 'contribution', 'support', 'pension', 'retirement_age', 'payment_methods', 'pause_resume',
  'withdraw_lump_sum', 'maternity', 'death_benefit', 'health_card', 'register', 'agent', 'human', 'menu', 'restart',
  'greeting', 'thanks', 'delete_data', 'stop', 'unknown',
] as const;

export type IntentName = (typeof INTENT_NAMES)[number];

export interface IntentMatch {
  intent: IntentName;
  /** Calibrated probability in [0, 1]. */
  confidence: number;
}
