/**
 * Server-rendered charts for the console: stacked bars as inline SVG (no script, no external asset, so they render
 * under the pages' CSP and print), each with a `<title>`/`<desc>` for screen readers and the same figures as a data
 * table inside `<details>`, which works without JavaScript. Colours are SVG attributes (the CSP allows no inline
 * style); every text is escaped.
 */
import { escapeHtml as e } from '../channels/html.ts';

export interface ChartSeries {
  label: string;
  /** A fill colour with enough contrast against white (every series is also named in the legend and the table). */
  color: string;
}

export interface ChartRow {
  label: string;
  /** One value per series, in the series' order. */
  values: number[];
  /** Where the row's label links (an agency's tasks), if anywhere. */
  href?: string;
}

export interface StackedChart {
  /** Unique on the page: ids of the title, description and table derive from it. */
  id: string;
  title: string;
  /** One sentence that says what the chart shows, read by screen readers. */
  description: string;
  series: ChartSeries[];
  rows: ChartRow[];
  /** Text of the table's first column header. */
  rowHeader: string;
  totalHeader: string;
  tableSummary: string;
  empty: string;
}

const BAR_HEIGHT = 22;
const BAR_GAP = 10;
const LABEL_WIDTH = 340;
const CHART_WIDTH = 760;
const VALUE_WIDTH = 48;

function total(row: ChartRow): number {
  return row.values.reduce((sum, value) => sum + value, 0);
}

/** Cuts a label to what fits beside a bar; the full label stays in the SVG title of the row and in the table. */
function fit(label: string, chars: number): string {
  return label.length <= chars ? label : `${label.slice(0, chars - 1).trimEnd()}…`;
}

function legend(chart: StackedChart): string {
  const items = chart.series.map(
    (series) =>
      `<li><svg width="14" height="14" aria-hidden="true" focusable="false"><rect width="14" height="14" rx="2" fill="${e(series.color)}"/></svg> ${e(series.label)}</li>`,
  );
  return `<ul class="legend">${items.join('')}</ul>`;
}

function table(chart: StackedChart): string {
  const head = `<tr><th scope="col">${e(chart.rowHeader)}</th>${chart.series.map((series) => `<th scope="col">${e(series.label)}</th>`).join('')}<th scope="col">${e(chart.totalHeader)}</th></tr>`;
  const rows = chart.rows.map(
    (row) => `<tr><th scope="row">${row.href ? `<a href="${e(row.href)}">${e(row.label)}</a>` : e(row.label)}</th>${row.values.map((value) => `<td class="num">${value}</td>`).join('')}<td class="num">${total(row)}</td></tr>`,
  );
  return `<details class="chart-data"><summary>${e(chart.tableSummary)}</summary><div class="table-wrap"><table id="${e(chart.id)}-table"><caption class="visually-hidden">${e(chart.title)}</caption><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div></details>`;
}

/** Horizontal stacked bars, one row per label, scaled to the largest total. */
export function horizontalBars(chart: StackedChart): string {
  if (chart.rows.length === 0) return `<figure class="chart"><figcaption>${e(chart.title)}</figcaption><p>${e(chart.empty)}</p></figure>`;
  const max = Math.max(1, ...chart.rows.map(total));
  const plot = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = chart.rows.length * (BAR_HEIGHT + BAR_GAP) + BAR_GAP;
  const bars = chart.rows.map((row, index) => {
    const y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP);
    let x = LABEL_WIDTH;
    const parts = row.values.map((value, series) => {
      const width = (value / max) * plot;
      const rect = value > 0 ? `<rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(width, 1).toFixed(1)}" height="${BAR_HEIGHT}" fill="${e(chart.series[series]!.color)}"><title>${e(`${row.label} — ${chart.series[series]!.label}: ${value}`)}</title></rect>` : '';
      x += width;
      return rect;
    });
    return `<g><text x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT / 2}" text-anchor="end" dominant-baseline="central">${e(fit(row.label, 42))}</text>${parts.join('')}<text x="${(x + 6).toFixed(1)}" y="${y + BAR_HEIGHT / 2}" dominant-baseline="central" class="value">${total(row)}</text></g>`;
  });
  return `<figure class="chart"><figcaption>${e(chart.title)}</figcaption>${legend(chart)}
<svg class="bars" viewBox="0 0 ${CHART_WIDTH} ${height}" width="100%" role="img" aria-labelledby="${e(chart.id)}-title ${e(chart.id)}-desc" font-size="13" fill="#1a1a1a"><title id="${e(chart.id)}-title">${e(chart.title)}</title><desc id="${e(chart.id)}-desc">${e(chart.description)}</desc>${bars.join('')}</svg>
${table(chart)}</figure>`;
}

const COLUMN_HEIGHT = 220;
const AXIS_SPACE = 44;

/** Vertical stacked columns, one per label in order (time periods), scaled to the largest total. */
export function columns(chart: StackedChart): string {
  if (chart.rows.length === 0) return `<figure class="chart"><figcaption>${e(chart.title)}</figcaption><p>${e(chart.empty)}</p></figure>`;
  const max = Math.max(1, ...chart.rows.map(total));
  const slot = Math.max(28, Math.min(90, (CHART_WIDTH - 40) / chart.rows.length));
  const width = Math.max(CHART_WIDTH, 40 + slot * chart.rows.length);
  const bar = slot * 0.62;
  const top = 18;
  const cols = chart.rows.map((row, index) => {
    const x = 40 + index * slot + (slot - bar) / 2;
    let y = top + COLUMN_HEIGHT;
    const parts = row.values.map((value, series) => {
      const h = (value / max) * COLUMN_HEIGHT;
      y -= h;
      return value > 0 ? `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bar.toFixed(1)}" height="${Math.max(h, 1).toFixed(1)}" fill="${e(chart.series[series]!.color)}"><title>${e(`${row.label} — ${chart.series[series]!.label}: ${value}`)}</title></rect>` : '';
    });
    const centre = (x + bar / 2).toFixed(1);
    return `<g>${parts.join('')}<text x="${centre}" y="${(y - 5).toFixed(1)}" text-anchor="middle" class="value">${total(row)}</text><text x="${centre}" y="${top + COLUMN_HEIGHT + 18}" text-anchor="middle">${e(row.label)}</text></g>`;
  });
  const axis = `<line x1="36" x2="${width - 4}" y1="${top + COLUMN_HEIGHT}" y2="${top + COLUMN_HEIGHT}" stroke="#5b6b7f"/>`;
  return `<figure class="chart"><figcaption>${e(chart.title)}</figcaption>${legend(chart)}
<svg class="columns" viewBox="0 0 ${width.toFixed(0)} ${top + COLUMN_HEIGHT + AXIS_SPACE}" width="100%" role="img" aria-labelledby="${e(chart.id)}-title ${e(chart.id)}-desc" font-size="12" fill="#1a1a1a"><title id="${e(chart.id)}-title">${e(chart.title)}</title><desc id="${e(chart.id)}-desc">${e(chart.description)}</desc>${axis}${cols.join('')}</svg>
${table(chart)}</figure>`;
}
