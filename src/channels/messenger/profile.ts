import type { MessengerClient } from './client.ts';

/**
 * The Page's Messenger profile (messenger.md §5): Get Started button, welcome greeting (default + vi_VN, ≤ 160
 * characters), persistent menu (needs Get Started). No ice breakers: they would hide the Get Started button.
 * Set at deploy by `npm run messenger:profile`, never per request (10 calls / 10 min per Page).
 */

export const GET_STARTED_PAYLOAD = '#start:get_started';

export const GREETING_VI =
  'Chào {{user_first_name}}! Đây là trợ lý tự động giúp bạn tìm hiểu BHXH tự nguyện: mức đóng, hỗ trợ của Nhà nước, lương hưu. Bấm "Bắt đầu" để hỏi.';

const MENU = [
  { type: 'postback', title: 'Menu chính', payload: '#intent:menu' },
  { type: 'postback', title: 'Tính mức đóng', payload: '#intent:contribution' },
  { type: 'postback', title: 'Gặp cán bộ tư vấn', payload: '#intent:human' },
];

export const MESSENGER_PROFILE = {
  get_started: { payload: GET_STARTED_PAYLOAD },
  greeting: [
    { locale: 'default', text: GREETING_VI },
    { locale: 'vi_VN', text: GREETING_VI },
  ],
  persistent_menu: [
    { locale: 'default', composer_input_disabled: false, call_to_actions: MENU },
    { locale: 'vi_VN', composer_input_disabled: false, call_to_actions: MENU },
  ],
} as const satisfies Record<string, unknown>;

export type ProfileField = keyof typeof MESSENGER_PROFILE;

/** Whether everything in `want` is in `have` (Meta may return extra fields; array order is compared). */
export function contains(have: unknown, want: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(have) && have.length === want.length && want.every((w, i) => contains(have[i], w));
  if (typeof want === 'object' && want !== null) {
    if (typeof have !== 'object' || have === null) return false;
    return Object.entries(want).every(([k, w]) => contains((have as Record<string, unknown>)[k], w));
  }
  return have === want;
}

export interface ProfileSyncResult {
  /** Fields that differed from what we want (and were set unless dry run). */
  changed: ProfileField[];
  unchanged: ProfileField[];
  dryRun: boolean;
}

/**
 * Idempotent: reads the current profile and posts only the fields that differ; running it twice makes no
 * second write. Get Started goes in the same call as the menu that depends on it.
 */
export async function syncMessengerProfile(
  client: MessengerClient,
  opts: { dryRun?: boolean; profile?: Partial<Record<ProfileField, unknown>> } = {},
): Promise<ProfileSyncResult> {
  const profile: Partial<Record<ProfileField, unknown>> = opts.profile ?? MESSENGER_PROFILE;
  const fields = Object.keys(profile) as ProfileField[];
  const current = await client.getProfile(fields);
  const changed = fields.filter((f) => !contains(current[f], profile[f]));
  const unchanged = fields.filter((f) => !changed.includes(f));
  if (changed.length > 0 && !opts.dryRun) {
    await client.setProfile(Object.fromEntries(changed.map((f) => [f, profile[f]])));
  }
  return { changed, unchanged, dryRun: opts.dryRun === true };
}
