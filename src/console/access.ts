import type { Lead } from '../leads/types.ts';
import type { StaffView } from './staff.ts';

/**
 * What each role may do, in one place. admin: everything. province: only their province's leads, agents, tickets
 * and figures (whatever province a request asks for), may export and reassign there. viewer: lists and figures,
 * personal data masked, no export, no changes.
 */
export const can = {
  seePersonalData: (s: StaffView) => s.role !== 'viewer',
  export: (s: StaffView) => s.role !== 'viewer',
  reassign: (s: StaffView) => s.role !== 'viewer',
  label: (s: StaffView) => s.role !== 'viewer',
  closeTicket: (s: StaffView) => s.role !== 'viewer',
  /** Replace the agent registry and the targets, see the audit log: the whole country's settings. */
  administer: (s: StaffView) => s.role === 'admin',
};

/** The province a request is limited to: province staff always get their own, whatever they asked. */
export function provinceScope(s: StaffView, asked: string | undefined): string | undefined {
  return s.role === 'province' ? s.province : asked;
}

/** Whether the lead is inside the staff member's reach. */
export function mayView(s: StaffView, lead: Pick<Lead, 'provinceCode'>): boolean {
  return s.role !== 'province' || lead.provinceCode === s.province;
}

/** "Phạm Thị Lan" → "P. T. L.", "+84555123456" → "+84555•••456": enough to tell leads apart, not to contact them. */
export function maskName(name: string | undefined): string | undefined {
  return name?.split(/\s+/).filter(Boolean).map((w) => `${[...w][0]}.`).join(' ');
}

export function maskPhone(phone: string | undefined): string | undefined {
  return phone && phone.length > 6 ? `${phone.slice(0, 6)}•••${phone.slice(-3)}` : phone;
}

/** The lead as this staff member may see it. */
export function leadFor(s: StaffView, lead: Lead): Lead {
  if (can.seePersonalData(s)) return lead;
  const { name, phone, estimate: _, ...rest } = lead;
  const masked = { ...rest } as Lead;
  const n = maskName(name);
  const p = maskPhone(phone);
  if (n) masked.name = n;
  if (p) masked.phone = p;
  if (lead.location.kind === 'point') masked.location = { kind: 'none' };
  return masked;
}
