import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('.env.example', () => {
  it('lists every variable src/config.ts reads, and nothing else', () => {
    // The env schema's keys: `  NAME: z.…` lines of src/config.ts.
    const read_ = [...read('src/config.ts').matchAll(/^\s+([A-Z][A-Z0-9_]+):\s*(?:z\.|optional|bool|[a-zA-Z]+\()/gmu)].map((m) => m[1]!);
    const listed = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]+)=/gmu)].map((m) => m[1]!);
    expect(read_.length).toBeGreaterThan(30);
    expect([...new Set(listed)].sort()).toEqual([...new Set(read_)].sort());
  });
});
