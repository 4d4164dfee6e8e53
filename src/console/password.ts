import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Staff passwords: scrypt from node:crypto (a memory-hard KDF, no native add-on to build) with a random 16-byte
 * salt per user. Cost N=2^17, r=8, p=1 is OWASP's scrypt recommendation (~128 MiB and ~0.4 s per hash on this
 * machine): slow for a guesser, fine for a login that is rate-limited anyway. The parameters are stored with the
 * hash (`scrypt$N$r$p$salt$hash`), so raising them later still verifies old hashes; `needsRehash` tells the login
 * to upgrade them.
 */
export interface KdfCost {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_COST: KdfCost = { N: 2 ** 17, r: 8, p: 1 };
const KEY_BYTES = 32;

function scrypt(password: string, salt: Buffer, cost: KdfCost): Promise<Buffer> {
  const opts: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, KEY_BYTES, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string, cost: KdfCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function parse(stored: string): { cost: KdfCost; salt: Buffer; key: Buffer } | undefined {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([\w-]+)\$([\w-]+)$/.exec(stored);
  if (!m) return undefined;
  return { cost: { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) }, salt: Buffer.from(m[4]!, 'base64url'), key: Buffer.from(m[5]!, 'base64url') };
}

/** Constant-time comparison of the derived keys. A malformed stored hash never verifies. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || parsed.key.length !== KEY_BYTES) return false;
  const key = await scrypt(password, parsed.salt, parsed.cost);
  return timingSafeEqual(key, parsed.key);
}

export function needsRehash(stored: string, cost: KdfCost = DEFAULT_COST): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.cost.N < cost.N || parsed.cost.r < cost.r || parsed.cost.p < cost.p;
}

/** A stored hash to compare against when the username is unknown, so the answer takes as long as for a known one. */
let dummy: Promise<string> | undefined;
export function dummyHash(cost: KdfCost = DEFAULT_COST): Promise<string> {
  dummy ??= hashPassword(randomBytes(12).toString('hex'), cost);
  return dummy;
}
