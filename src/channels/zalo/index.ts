export { createZaloChannel, ZALO_WINDOW_SECONDS, type ZaloChannel, type ZaloChannelOptions } from './adapter.ts';
export { createZaloClient, CS_MESSAGE_PATH, type ZaloClient, type ZaloClientOptions } from './client.ts';
export { classifyHttpStatus, classifyNetworkError, classifyResponse, classifyZaloError, ZALO_ERROR_TABLE } from './errors.ts';
export { parseJsonKeepingBigInts } from './json.ts';
export { derivedEventId, normalizeZaloWebhook } from './normalize.ts';
export { TokenBucket } from './rate-limiter.ts';
export { renderMessage, splitText, MAX_BUTTONS, TEXT_LIMIT, type RenderOptions, type ZaloCsBody } from './render.ts';
export { SIGNATURE_HEADER, verifyZaloSignature, zaloSignature } from './signature.ts';
export { createTokenManager, tokenKey, TOKEN_PATH, type TokenManager, type TokenManagerOptions, type TokenRecord } from './token-manager.ts';
