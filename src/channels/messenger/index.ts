export { createMessengerChannel, MESSENGER_WINDOW_SECONDS, type MessengerChannel, type MessengerChannelOptions } from './adapter.ts';
export { appSecretProof, createMessengerClient, MESSAGES_PATH, PROFILE_PATH, type MessengerClient, type MessengerClientOptions, type SenderAction } from './client.ts';
export { classifyGraphError, classifyHttpStatus, classifyNetworkError, classifyResponse, MESSENGER_ERROR_TABLE, MESSENGER_SUBCODE_TABLE, ruleFor } from './errors.ts';
export { derivedEventId, normalizeMessengerWebhook, parseMessengerJson, type NormalizeOptions } from './normalize.ts';
export { TokenBucket } from './rate-limiter.ts';
export {
  BUTTON_TEXT_LIMIT,
  DEFAULT_MORE_CHOICES_TEXT,
  MAX_BUTTONS,
  MAX_QUICK_REPLIES,
  PAYLOAD_LIMIT,
  renderMessage,
  shortTitle,
  splitText,
  TEXT_LIMIT,
  TITLE_LIMIT,
  type QuickReply,
  type RenderOptions,
  type SendBody,
  type SendMessage,
} from './render.ts';
export { messengerSignature, SIGNATURE_HEADER, verifyMessengerSignature } from './signature.ts';
export { verifySubscription } from './subscription.ts';
export { contains, GET_STARTED_PAYLOAD, GREETING_VI, MESSENGER_PROFILE, syncMessengerProfile, type ProfileField, type ProfileSyncResult } from './profile.ts';
