import { randomBytes } from 'node:crypto';
import type { Store } from '../store/types.ts';

/**
 * Who looked at or exported personal data, when, and what (Decree 13/2023/NĐ-CP asks controllers to be able to show
 * the processing of personal data). One record per view of a lead list or lead, export, reassignment, label. Kept
 * AUDIT_RETENTION_DAYS (default 2 years), listed through a time index, never scanned.
 */
export type AuditAction = 'login' | 'login_failed' | 'logout' | 'view_leads' | 'view_lead' | 'export_leads' | 'reassign_lead' | 'view_tickets' | 'close_ticket' | 'label_question' | 'import_agents' | 'import_targets' | 'edit_staff';

export interface AuditRecord {
  at: number;
  username: string;
  action: AuditAction;
  /** What was concerned: a filter, a lead id, a count. Never the personal data itself. */
  detail: string;
  ip?: string;
}

const INDEX = 'audit';

export class AuditLog {
  constructor(
    private readonly store: Store,
    private readonly retentionDays = 730,
  ) {}

  async record(r: AuditRecord): Promise<void> {
    const key = `audit:${r.at}:${randomBytes(4).toString('hex')}`;
    await this.store.setAll([{ key, value: JSON.stringify(r), ttlSeconds: this.retentionDays * 86_400, index: { name: INDEX, at: r.at } }]);
  }

  async page(offset: number, limit: number, now: number): Promise<{ total: number; records: AuditRecord[] }> {
    const min = now - this.retentionDays * 86_400_000;
    const [total, keys] = await Promise.all([this.store.indexCount(INDEX, min), this.store.indexRange(INDEX, { min, offset, limit, newestFirst: true })]);
    const raw = await Promise.all(keys.map((k) => this.store.get(k)));
    return { total, records: raw.flatMap((r) => (r === null ? [] : [JSON.parse(r) as AuditRecord])) };
  }
}
