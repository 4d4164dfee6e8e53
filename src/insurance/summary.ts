/**
 * A short Vietnamese summary of an estimate for people reading it (office staff at the CLI; the bot may reuse it).
 * Every amount goes through formatVnd.
 */
import type { EstimateResponse } from './estimate.ts';
import { formatVnd, viDate } from './format.ts';

function yearsMonths(total: number): string {
  const y = Math.floor(total / 12);
  const m = total % 12;
  if (y === 0) return `${m} tháng`;
  return m === 0 ? `${y} năm` : `${y} năm ${m} tháng`;
}

export function summarizeVi(r: EstimateResponse): string[] {
  const c = r.contribution;
  const lines = [
    `Mức thu nhập làm căn cứ đóng: ${formatVnd(c.incomeBase)}/tháng (tối thiểu ${formatVnd(c.floor)}, tối đa ${formatVnd(c.ceiling)}).`,
    `Đóng 22 %: ${formatVnd(c.monthlyGross)}/tháng; Nhà nước hỗ trợ ${formatVnd(c.monthlySupport)}` +
      (c.monthlyLocalSupport > 0 ? `, địa phương hỗ trợ thêm ${formatVnd(c.monthlyLocalSupport)}` : '') +
      `; bạn đóng ${formatVnd(c.monthlyNet)}/tháng.`,
  ];
  if (c.period > 1) lines.push(`Đóng ${c.period} tháng một lần: ${formatVnd(c.periodNet)}.`);
  if (r.advance) {
    lines.push(`Đóng trước ${r.advance.months} tháng một lần: ${formatVnd(r.advance.net)} (đã chiết khấu theo lãi suất quỹ và trừ hỗ trợ).`);
  }
  if (r.retirement) {
    const a = r.retirement.age;
    lines.push(
      `Tuổi nghỉ hưu: ${a.years} tuổi${a.months ? ` ${a.months} tháng` : ''}, đủ tuổi vào tháng ${viDate(r.retirement.reachedOn)}; ` +
        `lương hưu từ tháng ${viDate(r.retirement.pensionFrom)}.`,
    );
  }
  const p = r.pension;
  if (p) {
    const when = p.projected ? 'Dự kiến khi nghỉ hưu' : 'Khi nghỉ hưu';
    lines.push(`${when}: ${yearsMonths(p.monthsAtRetirement)} đóng BHXH, thu nhập bình quân ${formatVnd(p.averageIncome)}.`);
    if (p.eligible && p.pensionStartsOn) {
      lines.push(`${p.startInPast ? 'Đã đủ điều kiện từ' : 'Đủ điều kiện vào'} tháng ${viDate(p.conditionsMetOn ?? p.pensionStartsOn)}; lương hưu từ tháng ${viDate(p.pensionStartsOn)}${p.rule === 'transitional' ? ' (quy định chuyển tiếp)' : ''}.`);
    }
    if (p.eligible) {
      lines.push(`Lương hưu: ${String(p.ratePercent).replace('.', ',')} % → ${formatVnd(p.monthlyAmount)}/tháng.`);
      if (p.lumpSumAllowance > 0) lines.push(`Trợ cấp một lần khi nghỉ hưu: ${formatVnd(p.lumpSumAllowance)}.`);
    } else {
      lines.push(`Chưa đủ 15 năm: còn thiếu ${yearsMonths(p.shortfallMonths)}.`);
      for (const o of p.options) {
        if (o.kind === 'back_pay') {
          const first = o.afterKeepPayingMonths > 0 ? `sau khi đóng thêm ${yearsMonths(o.afterKeepPayingMonths)}, ` : '';
          lines.push(`- ${first}đóng một lần ${o.months} tháng còn thiếu (tháng ${viDate(o.payOn)}): khoảng ${formatVnd(o.amount)}; lương hưu khoảng ${formatVnd(o.pensionMonthly)}/tháng từ ${viDate(o.pensionFrom)}.`);
        }
        if (o.kind === 'keep_paying') lines.push(`- Tiếp tục đóng thêm ${yearsMonths(o.months)} đến ${viDate(o.until)}: lương hưu khoảng ${formatVnd(o.pensionMonthly)}/tháng từ ${viDate(o.pensionFrom)}.`);
        if (o.kind === 'monthly_allowance') lines.push(`- Trợ cấp hằng tháng từ số tiền đã đóng: ${formatVnd(o.monthly)}/tháng trong ${o.months} tháng.`);
        if (o.kind === 'one_off_withdrawal') lines.push(`- Nhận BHXH một lần: khoảng ${formatVnd(o.amount)}.`);
        if (o.kind === 'social_pension') lines.push(`- Trợ cấp hưu trí xã hội ${formatVnd(o.amount)}/tháng ${o.eligibleNow ? 'ngay (đã đủ tuổi)' : `từ ${o.age} tuổi (${viDate(o.from)})`}.`);
      }
    }
  }
  if (r.notes.length > 0) {
    lines.push('Lưu ý:');
    for (const n of r.notes) lines.push(`- ${n}`);
  }
  lines.push(`Tính theo chính sách ngày ${r.policy.asOf}.`);
  return lines;
}
