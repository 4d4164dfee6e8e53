import type { Lead, LeadStatus } from './types.ts';

/**
 * The lead listings as time indexes (Redis sorted sets scored by the lead's creation time), so the console and
 * `GET /admin/leads` page, count and filter without scanning the keyspace. One index per scope (all leads, a
 * province, a commune, an agent), each also split by status: a filter on a scope, a status and a date range is
 * one ZRANGE + one ZCOUNT. Index entries are lead ids.
 */
export interface LeadScope {
  province?: string | undefined;
  ward?: string | undefined;
  agent?: string | undefined;
}

const base = (s: LeadScope): string =>
  s.agent ? `leads:a:${s.agent}` : s.ward ? `leads:w:${s.ward}` : s.province ? `leads:p:${s.province}` : 'leads';

/** The index holding exactly the leads of the narrowest scope given, with the status when given. */
export function indexFor(scope: LeadScope, status?: LeadStatus): string {
  return status ? `${base(scope)}:s:${status}` : base(scope);
}

/** Every index a lead is listed in, for its current fields. */
export function indexesOf(lead: Lead): string[] {
  const scopes: LeadScope[] = [{}];
  if (lead.provinceCode) scopes.push({ province: lead.provinceCode });
  if (lead.wardCode) scopes.push({ ward: lead.wardCode });
  if (lead.assignedAgentId) scopes.push({ agent: lead.assignedAgentId });
  return scopes.flatMap((s) => [indexFor(s), indexFor(s, lead.status)]);
}

/** Whether a loaded lead still matches what was asked (an index entry may lag a change by a moment). */
export function inScope(lead: Lead, scope: LeadScope, status?: LeadStatus): boolean {
  return (
    (!status || lead.status === status) &&
    (!scope.province || lead.provinceCode === scope.province) &&
    (!scope.ward || lead.wardCode === scope.ward) &&
    (!scope.agent || lead.assignedAgentId === scope.agent)
  );
}
