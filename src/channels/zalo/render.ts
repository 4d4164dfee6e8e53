import { AppError, ErrorCodes } from '../../errors.ts';
import { splitText as splitChunks, truncate } from '../text-split.ts';
import type { Choice, OutboundMessage } from '../types.ts';

/**
 * OutboundMessage → bodies for `POST /v3.0/oa/message/cs` (zalo.md §3.3), in sending order.
 *
 * Limits (zalo.md §3.8): text ≤ 2,000 characters, counted after NFC and measured in UTF-16 units (≥ code
 * points, so it holds whichever way Zalo counts; a surrogate pair is never split); ≤ 5 buttons per message;
 * button payload ≤ 1,000 characters; request_user_info title ≤ 100, subtitle ≤ 500.
 *
 * More than 5 choices: the first 5 ride on the (last chunk of the) text, and the rest follow in extra messages
 * of up to 5 buttons each, headed by `moreChoicesText`. Buttons keep every choice tappable with its payload,
 * which a numbered list would not (a typed "6" needs session context the channel does not have).
 */

export const TEXT_LIMIT = 2_000;
export const MAX_BUTTONS = 5;
export const PAYLOAD_LIMIT = 1_000;
export const BUTTON_TITLE_LIMIT = 100;
export const CARD_TITLE_LIMIT = 100;
export const CARD_SUBTITLE_LIMIT = 500;
/** Head of the extra messages that carry choices 6 and up ("More options:"). */
export const DEFAULT_MORE_CHOICES_TEXT = 'Thêm lựa chọn:';

export interface ZaloButton {
  title: string;
  type: 'oa.query.hide';
  payload: string;
}

export interface ZaloCsBody {
  recipient: { user_id: string };
  message:
    | { text: string; attachment?: { type: 'template'; payload: { buttons: ZaloButton[] } } }
    | {
        attachment: {
          type: 'template';
          payload: { template_type: 'request_user_info'; elements: [{ title: string; subtitle: string; image_url?: string }] };
        };
      };
}

export interface RenderOptions {
  moreChoicesText?: string;
}

/** Splits text into chunks of ≤ `limit` UTF-16 units on sentence, then space, boundaries. */
export const splitText = (text: string, limit = TEXT_LIMIT): string[] => splitChunks(text, limit);

function button(choice: Choice): ZaloButton {
  const payload = choice.payload.trim();
  if (payload.length > PAYLOAD_LIMIT) {
    throw new AppError(ErrorCodes.SEND_PERMANENT, 'button payload over Zalo limit', { details: { reason: 'payload_too_long', length: payload.length } });
  }
  return { title: truncate(choice.title.normalize('NFC').trim(), BUTTON_TITLE_LIMIT), type: 'oa.query.hide', payload };
}

function textBody(userId: string, text: string, buttons: ZaloButton[]): ZaloCsBody {
  return {
    recipient: { user_id: userId },
    message: buttons.length > 0 ? { text, attachment: { type: 'template', payload: { buttons } } } : { text },
  };
}

export function renderMessage(userId: string, message: OutboundMessage, opts: RenderOptions = {}): ZaloCsBody[] {
  switch (message.kind) {
    case 'text': {
      const chunks = splitText(message.text);
      const buttons = (message.choices ?? []).map(button);
      const groups: ZaloButton[][] = [];
      for (let i = 0; i < buttons.length; i += MAX_BUTTONS) groups.push(buttons.slice(i, i + MAX_BUTTONS));
      const first = groups.shift() ?? [];
      // Buttons need a text to hang on: a choice-only message gets the "more options" head.
      if (chunks.length === 0 && first.length > 0) chunks.push(opts.moreChoicesText ?? DEFAULT_MORE_CHOICES_TEXT);
      const bodies = chunks.map((chunk, i) => textBody(userId, chunk, i === chunks.length - 1 ? first : []));
      for (const group of groups) bodies.push(textBody(userId, opts.moreChoicesText ?? DEFAULT_MORE_CHOICES_TEXT, group));
      return bodies;
    }
    case 'request_contact': {
      const element = {
        title: truncate(message.title.normalize('NFC').trim(), CARD_TITLE_LIMIT),
        subtitle: truncate(message.subtitle.normalize('NFC').trim(), CARD_SUBTITLE_LIMIT),
        ...(message.imageUrl ? { image_url: message.imageUrl } : {}),
      };
      return [
        {
          recipient: { user_id: userId },
          message: { attachment: { type: 'template', payload: { template_type: 'request_user_info', elements: [element] } } },
        },
      ];
    }
    case 'request_location':
      // Zalo has no native location ask: the text tells the user how to share a pin.
      return splitText(message.text).map((chunk) => textBody(userId, chunk, []));
    case 'handover':
      // Messenger only: on Zalo staff answer from OA Manager, no thread changes hands.
      return [];
  }
}
