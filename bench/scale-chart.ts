// Log–log SVG chart of the scale benchmark: one panel per measure, one line per stage, measured points solid and
// extrapolated points dashed. Hand-written SVG: no plotting dependency at bench time.

/** One point of a stage's series. */
export interface ChartPoint {
  n: number;
  value: number;
  extrapolated: boolean;
}

/** One panel: a measure (e.g. CPU seconds) of every stage against interactions. */
export interface ChartPanel {
  title: string;
  unit: string;
  series: Map<string, ChartPoint[]>;
}

const W = 520;
const H = 380;
const M = { l: 64, r: 150, t: 30, b: 44 };
const COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
  '#bcbd22',
  '#393b79',
];

/** Renders the panels side by side as one SVG document. */
export function scaleChartSvg(panels: readonly ChartPanel[]): string {
  const parts = panels.map((p, k) => `<g transform="translate(${k * W},0)">${panel(p)}</g>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W * panels.length}" height="${H}" font-family="sans-serif" font-size="11">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`;
}

function panel(p: ChartPanel): string {
  const pts = [...p.series.values()].flat().filter((q) => q.value > 0);
  if (pts.length === 0) return '';
  const lx0 = Math.floor(Math.log10(Math.min(...pts.map((q) => q.n))));
  const lx1 = Math.ceil(Math.log10(Math.max(...pts.map((q) => q.n))));
  const ly0 = Math.floor(Math.log10(Math.min(...pts.map((q) => q.value))));
  const ly1 = Math.max(ly0 + 1, Math.ceil(Math.log10(Math.max(...pts.map((q) => q.value)))));
  const x = (n: number): number => M.l + ((Math.log10(n) - lx0) / Math.max(1, lx1 - lx0)) * (W - M.l - M.r);
  const y = (v: number): number => H - M.b - ((Math.log10(v) - ly0) / (ly1 - ly0)) * (H - M.t - M.b);
  const out: string[] = [`<text x="${M.l}" y="18" font-size="13" font-weight="bold">${esc(p.title)}</text>`];
  for (let e = lx0; e <= lx1; e++)
    out.push(
      `<line x1="${x(10 ** e)}" x2="${x(10 ** e)}" y1="${M.t}" y2="${H - M.b}" stroke="#ddd"/><text x="${x(10 ** e)}" y="${H - M.b + 16}" text-anchor="middle">10^${e}</text>`,
    );
  for (let e = ly0; e <= ly1; e++)
    out.push(
      `<line x1="${M.l}" x2="${W - M.r}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#ddd"/><text x="${M.l - 6}" y="${y(10 ** e) + 4}" text-anchor="end">1e${e}</text>`,
    );
  out.push(`<text x="${(M.l + W - M.r) / 2}" y="${H - 8}" text-anchor="middle">interactions</text>`);
  out.push(
    `<text transform="translate(14,${(M.t + H - M.b) / 2}) rotate(-90)" text-anchor="middle">${esc(p.unit)}</text>`,
  );
  let c = 0;
  for (const [name, series] of p.series) {
    const col = COLORS[c % COLORS.length]!;
    const s = series.filter((q) => q.value > 0).sort((a, b) => a.n - b.n);
    for (let k = 1; k < s.length; k++) {
      const dash = s[k]!.extrapolated ? ' stroke-dasharray="4 3"' : '';
      out.push(
        `<line x1="${x(s[k - 1]!.n)}" y1="${y(s[k - 1]!.value)}" x2="${x(s[k]!.n)}" y2="${y(s[k]!.value)}" stroke="${col}" stroke-width="1.6"${dash}/>`,
      );
    }
    for (const q of s)
      out.push(
        `<circle cx="${x(q.n)}" cy="${y(q.value)}" r="3" fill="${q.extrapolated ? 'white' : col}" stroke="${col}"/>`,
      );
    const ly = M.t + 4 + c * 15;
    out.push(
      `<line x1="${W - M.r + 10}" x2="${W - M.r + 28}" y1="${ly}" y2="${ly}" stroke="${col}" stroke-width="2"/><text x="${W - M.r + 32}" y="${ly + 4}">${esc(name)}</text>`,
    );
    c++;
  }
  return out.join('\n');
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
