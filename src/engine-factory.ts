import { createFlowEngine } from './conversation/index.ts';
import type { Engine } from './conversation/types.ts';

/** The engine the app runs: the flows in conversations/*.yaml with the texts in locales/, checked at start-up. */
export async function buildEngine(): Promise<Engine> {
  return createFlowEngine();
}
