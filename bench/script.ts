import type { UserAction } from './events.ts';

/**
 * The conversation every simulated user walks through: a first message (welcome and menu), a tap on the
 * contribution estimate button, and an income typed the way people type it. Each step is one webhook event.
 */
export const BENCH_SCRIPT: UserAction[] = [
  { text: 'chao ban' },
  { payload: '#choice:contribution', title: 'Tính mức đóng' },
  { text: 'thu nhap 5tr' },
];

/**
 * The first-message job: what a campaign produces — many new users at once, each writing one message, an
 * income typed the way people type it (the bot starts the contribution estimate with it).
 */
export const FIRST_MESSAGE_SCRIPT: UserAction[] = [{ text: 'thu nhap 5tr' }];
