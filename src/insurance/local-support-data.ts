/**
 * Provincial top-ups (Law Art. 6(6)): extra support on the same base (22 % × rural poverty standard),
 * keyed by the 2025 province code (provinces.csv). Only resolutions found in policy.md §2.2 are here;
 * every other province gets no top-up.
 */
import type { Bp, Dated, SupportGroup } from './types.ts';

export interface ProvinceTopUp {
  nameVi: string;
  periods: Dated<Record<SupportGroup, Bp>>[];
}

export const localTopUps: Record<string, ProvinceTopUp> = {
  '01': {
    nameVi: 'Hà Nội',
    periods: [
      {
        // The resolution names poor, near-poor and "other eligible groups"; ethnic minority and island communes
        // have no line of their own, so they are read as "other" (+10 %).
        value: { poor: 5000, near_poor: 6000, ethnic_minority: 1000, island_zone: 1000, other: 1000 },
        from: '2026-01-01',
        basis: 'Nghị quyết HĐND TP Hà Nội thông qua 09/07/2025 (Kế hoạch 321/KH-UBND), người có thường trú tại Hà Nội',
        confidence: 'likely',
        assumptionVi: 'Hỗ trợ thêm của Hà Nội (hộ nghèo +50 %, cận nghèo +60 %, đối tượng khác +10 %) lấy theo báo chí, áp dụng cho người thường trú tại Hà Nội.',
      },
    ],
  },
  '56': {
    nameVi: 'Khánh Hòa',
    periods: [
      {
        value: { poor: 3000, island_zone: 3000, near_poor: 2500, ethnic_minority: 1500, other: 1000 },
        from: '2026-01-01', to: '2030-12-31',
        basis: 'Nghị quyết HĐND tỉnh Khánh Hòa tháng 01/2026, giai đoạn 2026–2030',
        confidence: 'likely',
        assumptionVi: 'Hỗ trợ thêm của Khánh Hòa (hộ nghèo/xã đảo +30 %, cận nghèo +25 %, dân tộc thiểu số +15 %, khác +10 %) lấy theo báo chí.',
      },
    ],
  },
};
