import { html, num, type Html } from '../html.ts';

/**
 * A grouped bar chart as inline SVG, drawn on the server: no script runs in the console (its CSP forbids any), it
 * shows the same on every phone, and the figures are in the page as text for screen readers and screenshots.
 * A charting library would need a script and a canvas for what is a handful of bars.
 */
export interface Series {
  label: string;
  color: string;
  values: number[];
}

export function barChart(labels: string[], series: Series[], title: string): Html {
  const W = 720;
  const H = 260;
  const left = 44;
  const bottom = 40;
  const top = 28;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const groupW = (W - left - 8) / Math.max(1, labels.length);
  const barW = Math.max(1, (groupW * 0.8) / Math.max(1, series.length));
  const y = (v: number) => top + (H - top - bottom) * (1 - v / max);
  const every = Math.ceil(labels.length / 12);
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}">
<title>${title}</title>
<line x1="${left}" y1="${y(0)}" x2="${W - 4}" y2="${y(0)}" stroke="#999"/>
<text x="4" y="${top + 4}" font-size="11" fill="#555">${num(max)}</text><text x="4" y="${y(0)}" font-size="11" fill="#555">0</text>
${labels.map((l, i) => {
  const x0 = left + i * groupW + groupW * 0.1;
  return html`<g>${series.map((s, j) => {
    const v = s.values[i] ?? 0;
    return html`<rect x="${(x0 + j * barW).toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${(y(0) - y(v)).toFixed(1)}" fill="${s.color}"><title>${s.label} ${l}: ${num(v)}</title></rect>`;
  })}${i % every === 0 ? html`<text x="${x0.toFixed(1)}" y="${H - bottom + 14}" font-size="10" fill="#555">${l.slice(5)}</text>` : ''}</g>`;
})}
${series.map((s, j) => html`<rect x="${left + j * 118}" y="${H - 16}" width="10" height="10" fill="${s.color}"/><text x="${left + 14 + j * 118}" y="${H - 7}" font-size="11">${s.label}</text>`)}
</svg>`;
}
