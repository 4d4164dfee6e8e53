import { createHash } from 'node:crypto';
import { vietnamDate } from '../insurance/calendar.ts';
import type { Store } from '../store/types.ts';

/**
 * The funnel, counted as it happens into per-day hashes (one HINCRBY per step reached; no scan, no replay of
 * history): conversation → estimate → consented lead → accepted → contacted → registered, by province and commune
 * where known, plus how many reached and how many moved on from each flow step (drop-off). Days are Vietnam days.
 * Conversations and estimates count people (once per user per day), lead steps count leads.
 */
export const FUNNEL_STEPS = ['conversation', 'estimate', 'lead', 'accepted', 'contacted', 'registered'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export interface Place {
  province?: string | undefined;
  ward?: string | undefined;
}

const DAY_TTL_S = 400 * 86_400;
/** Per day: `step|province` (province '' when unknown), a few hundred fields at most. */
const dayKey = (day: string) => `funnel:{funnel}:d:${day}`;
/** Per day and province: `step|ward` (ward '' when unknown). Kept apart so the national view reads small hashes. */
const dayProvinceKey = (day: string, province: string) => `funnel:{funnel}:d:${day}:p:${province}`;
/** Per year: registered leads, `province|ward`. */
const yearKey = (year: string) => `funnel:{funnel}:y:${year}`;
const flowKey = (day: string) => `funnel:{funnel}:flow:${day}`;

export interface FunnelRow {
  period: string;
  counts: Record<FunnelStep, number>;
}

export interface StepDropoff {
  step: string;
  reached: number;
  movedOn: number;
  dropped: number;
}

const zero = (): Record<FunnelStep, number> => Object.fromEntries(FUNNEL_STEPS.map((s) => [s, 0])) as Record<FunnelStep, number>;

/** Monday of the ISO week of a day (YYYY-MM-DD), as the week's label. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** The days from `from` to `to` inclusive (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`) && out.length < 400; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Past days' hashes kept in process: a day's counters are final once it is over (each step counts on the day it happens). */
const CLOSED_DAYS_KEPT = 5_000;

export class Funnel {
  private readonly closed = new Map<string, Record<string, string>>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** A day's hash; days before yesterday (Vietnam) are read once per process and kept, today's and yesterday's always read. */
  private async day(key: string, day: string): Promise<Record<string, string>> {
    const kept = this.closed.get(key);
    if (kept) return kept;
    const h = await this.store.hashGetAll(key);
    // Yesterday is read fresh too: a turn that began just before midnight may still be counting into it.
    if (day < vietnamDate(new Date(this.now() - 86_400_000))) {
      if (this.closed.size >= CLOSED_DAYS_KEPT) this.closed.delete(this.closed.keys().next().value!);
      this.closed.set(key, h);
    }
    return h;
  }

  /** Counts one step. With `once` (a user id), counts it at most once per user per day. */
  async count(step: FunnelStep, place: Place, at: number, once?: string): Promise<void> {
    const day = vietnamDate(new Date(at));
    if (once) {
      const who = createHash('sha256').update(once).digest('base64url').slice(0, 16);
      if (!(await this.store.setIfAbsent(`funnel:seen:${day}:${step}:${who}`, '1', 2 * 86_400))) return;
    }
    const writes = [this.store.hashIncrement(dayKey(day), `${step}|${place.province ?? ''}`, 1, DAY_TTL_S)];
    if (place.province) writes.push(this.store.hashIncrement(dayProvinceKey(day, place.province), `${step}|${place.ward ?? ''}`, 1, DAY_TTL_S));
    if (step === 'registered') writes.push(this.store.hashIncrement(yearKey(day.slice(0, 4)), `${place.province ?? ''}|${place.ward ?? ''}`));
    await Promise.all(writes);
  }

  /** A user arrived at (`reached`) or left for another step (`movedOn`) the flow step `flow/step`. */
  async flowStep(kind: 'reached' | 'movedOn', flowStep: string, at: number): Promise<void> {
    await this.store.hashIncrement(flowKey(vietnamDate(new Date(at))), `${kind}|${flowStep}`, 1, DAY_TTL_S);
  }

  /**
   * Rows per day or per week (Monday) for the days asked, and the same counts split by province (or by commune when
   * a province is given), limited to `place`. One HGETALL of a small hash per day: the national one (by province),
   * or the province's (by commune).
   */
  async read(days: string[], place: Place, period: 'day' | 'week'): Promise<{ rows: FunnelRow[]; byPlace: { place: string; counts: Record<FunnelStep, number> }[]; total: Record<FunnelStep, number> }> {
    const hashes = await Promise.all(days.map((d) => this.day(place.province ? dayProvinceKey(d, place.province) : dayKey(d), d)));
    const rows = new Map<string, Record<FunnelStep, number>>();
    const places = new Map<string, Record<FunnelStep, number>>();
    const total = zero();
    days.forEach((day, i) => {
      const label = period === 'day' ? day : weekOf(day);
      const row = rows.get(label) ?? zero();
      rows.set(label, row);
      for (const [f, v] of Object.entries(hashes[i]!)) {
        const [name = '', by = ''] = f.split('|');
        const step = name as FunnelStep;
        if (!(step in total) || (place.province && place.ward && by !== place.ward)) continue;
        const n = Number(v);
        row[step] += n;
        total[step] += n;
        const p = places.get(by) ?? zero();
        places.set(by, p);
        p[step] += n;
      }
    });
    return {
      rows: [...rows].map(([p, counts]) => ({ period: p, counts })),
      byPlace: [...places].map(([p, counts]) => ({ place: p, counts })).sort((a, b) => b.counts.conversation + b.counts.lead - (a.counts.conversation + a.counts.lead)),
      total,
    };
  }

  /** Registered leads per province|commune in a year (targets page). */
  async registeredInYear(year: string): Promise<Map<string, number>> {
    const h = await this.store.hashGetAll(yearKey(year));
    const out = new Map<string, number>();
    for (const [f, v] of Object.entries(h)) {
      const [province = '', ward = ''] = f.split('|');
      out.set(`${province}|`, (out.get(`${province}|`) ?? 0) + Number(v));
      if (ward) out.set(`${province}|${ward}`, (out.get(`${province}|${ward}`) ?? 0) + Number(v));
    }
    return out;
  }

  /** Per flow step over the days: reached, moved on, and dropped (= reached − moved on), worst first. */
  async dropoff(days: string[]): Promise<StepDropoff[]> {
    const hashes = await Promise.all(days.map((d) => this.day(flowKey(d), d)));
    const steps = new Map<string, StepDropoff>();
    for (const h of hashes) {
      for (const [f, v] of Object.entries(h)) {
        const [kind, step = ''] = f.split('|');
        const s = steps.get(step) ?? { step, reached: 0, movedOn: 0, dropped: 0 };
        steps.set(step, s);
        if (kind === 'reached') s.reached += Number(v);
        else s.movedOn += Number(v);
      }
    }
    return [...steps.values()].map((s) => ({ ...s, dropped: Math.max(0, s.reached - s.movedOn) })).sort((a, b) => b.dropped - a.dropped);
  }
}
