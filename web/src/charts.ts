import * as Plot from '@observablehq/plot';
import type { EdaResponse, ModelCard } from '../../src/serve/schemas/types.ts';
import { h } from './dom.ts';

const WIDTH = 520;
const HEIGHT = 280;

/** A titled chart box: the heading names the chart and the description says what it shows (for screen readers). */
function box(title: string, description: string, chart: Element): HTMLElement {
  for (const svg of chart.tagName.toLowerCase() === 'svg' ? [chart] : chart.querySelectorAll('svg')) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `${title}: ${description}`);
    // Plot labels its mark groups; inside an image those labels are prohibited (and unread), so the image's own
    // label and the caption carry the description instead.
    for (const el of svg.querySelectorAll('[aria-label], [aria-description]')) {
      el.removeAttribute('aria-label');
      el.removeAttribute('aria-description');
    }
  }
  return h(
    'figure',
    { class: 'card chart' },
    h('h3', {}, title),
    chart,
    h('figcaption', { class: 'sr-only' }, description),
  );
}

/** Horizontal bars of mean rating per group (type or genre), as in the notebook; axis from zero. */
export function groupBars(title: string, rows: EdaResponse['byGenre']): HTMLElement {
  const best = [...rows].sort((a, b) => b.meanRating - a.meanRating)[0];
  return box(
    title,
    `bars of mean rating for ${rows.length} groups${best ? `; highest ${best.key} at ${best.meanRating.toFixed(2)}` : ''}.`,
    Plot.plot({
      width: WIDTH,
      height: Math.max(120, 26 * rows.length + 40),
      marginLeft: 110,
      marginRight: 40,
      x: { label: 'mean rating', grid: true },
      y: { label: null },
      marks: [
        Plot.barX(rows, {
          y: 'key',
          x: 'meanRating',
          fill: '#3556d8',
          sort: { y: '-x' },
          tip: true,
          title: (d: EdaResponse['byGenre'][number]) => `${d.key}: ${d.meanRating} (${d.items} items)`,
        }),
        Plot.text(rows, {
          y: 'key',
          x: 'meanRating',
          text: (d: EdaResponse['byGenre'][number]) => d.meanRating.toFixed(2),
          dx: 4,
          textAnchor: 'start',
          fontSize: 10,
        }),
        Plot.ruleX([0]),
      ],
    }),
  );
}

/** Scatter of item mean rating against episodes (anime) or release year (films). */
export function ratingScatter(eda: EdaResponse): HTMLElement {
  const episodes = eda.scatter.x === 'episodes';
  return box(
    `Mean rating by ${eda.scatter.x}`,
    `one dot per item (${eda.scatter.points.length} items): mean rating against ${eda.scatter.x}.`,
    Plot.plot({
      width: WIDTH,
      height: HEIGHT,
      x: { label: eda.scatter.x, type: episodes ? 'log' : 'linear', tickFormat: episodes ? '~s' : 'd' },
      y: { label: 'mean rating', grid: true },
      marks: [
        Plot.dot(eda.scatter.points, {
          x: 'x',
          y: 'y',
          r: 2,
          fill: '#3556d8',
          fillOpacity: 0.35,
          title: 'title',
          tip: true,
        }),
      ],
    }),
  );
}

/** The popularity long tail: ratings per item by rank, log scale. */
export function longTail(eda: EdaResponse): HTMLElement {
  const pts = eda.popularity.filter((p) => p.ratings > 0);
  return box(
    'Popularity long tail',
    `ratings per item by popularity rank on a log scale, from ${pts[0]?.ratings ?? 0} ratings for the most-rated item down to ${pts[pts.length - 1]?.ratings ?? 0}.`,
    Plot.plot({
      width: WIDTH,
      height: HEIGHT,
      marginLeft: 45,
      x: { label: 'item rank by popularity' },
      y: { label: 'ratings', type: 'log', grid: true },
      marks: [
        Plot.areaY(pts, { x: 'rank', y: 'ratings', fill: '#e8edff', y1: 1 }),
        Plot.lineY(pts, { x: 'rank', y: 'ratings', stroke: '#3556d8' }),
      ],
    }),
  );
}

/** Histogram of rating values. */
export function ratingHistogram(eda: EdaResponse): HTMLElement {
  const top = [...eda.ratingHistogram].sort((a, b) => b.count - a.count)[0];
  return box(
    'Rating distribution',
    `number of ratings per rating value${top ? `; the most common is ${top.rating} (${top.count.toLocaleString()} ratings)` : ''}.`,
    Plot.plot({
      width: WIDTH,
      height: HEIGHT,
      marginLeft: 55,
      x: { label: 'rating' },
      y: { label: 'count', grid: true },
      marks: [Plot.barY(eda.ratingHistogram, { x: 'rating', y: 'count', fill: '#3556d8' }), Plot.ruleY([0])],
    }),
  );
}

/** Validation metrics worth a line: the headline ones when present, else all. */
const HEADLINE = /^(recall|ndcg|precision)@20$|^(rmse|mae)$/;

/** Training loss and headline validation metrics per epoch. */
export function trainingCurve(card: ModelCard): HTMLElement {
  const loss = card.curve.map((p) => ({ epoch: p.epoch, value: p.loss }));
  let val = card.curve.flatMap((p) =>
    Object.entries(p.val ?? {}).map(([k, v]) => ({ epoch: p.epoch, value: v, series: `val ${k}` })),
  );
  if (val.some((d) => HEADLINE.test(d.series.slice(4))))
    val = val.filter((d) => HEADLINE.test(d.series.slice(4)));
  // Integer ticks only: an epoch is a whole number (about 10 labelled at most).
  const epochs = card.curve.map((p) => p.epoch);
  const every = Math.max(1, Math.ceil(epochs.length / 10));
  const x = { label: 'epoch', tickFormat: 'd', ticks: epochs.filter((_, n) => n % every === 0) };
  return box(
    `${card.name}: training curve`,
    `training loss${val.length ? ' and validation metrics' : ''} per epoch over ${epochs.length} epochs.`,
    h(
      'div',
      {},
      Plot.plot({
        width: WIDTH,
        height: 200,
        marginLeft: 50,
        x,
        y: { label: 'loss', grid: true },
        marks: [Plot.lineY(loss, { x: 'epoch', y: 'value', stroke: '#3556d8', marker: 'dot' })],
      }),
      val.length
        ? Plot.plot({
            width: WIDTH,
            height: 200,
            marginLeft: 50,
            x,
            color: { legend: true },
            y: { label: 'validation', grid: true },
            marks: [Plot.lineY(val, { x: 'epoch', y: 'value', stroke: 'series', marker: 'dot' })],
          })
        : null,
    ),
  );
}

/** Predicted (rounded) vs true rating counts, the notebook's faceted bar chart as a heat map. */
export function predVsTrue(card: ModelCard): HTMLElement {
  const most = Math.max(1, ...card.predVsTrue.map((d) => d.count));
  return box(
    `${card.name}: predicted vs true rating`,
    'a heat map of test ratings: columns are the true rating, rows the rounded prediction, darker cells hold more ratings.',
    Plot.plot({
      width: WIDTH,
      height: HEIGHT,
      x: { label: 'true rating' },
      y: { label: 'predicted (rounded)' },
      color: { scheme: 'blues', legend: true, label: 'count' },
      marks: [
        Plot.cell(card.predVsTrue, { x: 'actual', y: 'predicted', fill: 'count', tip: true }),
        // Light text on dark cells, dark text on light ones, so every count stays readable.
        Plot.text(card.predVsTrue, {
          x: 'actual',
          y: 'predicted',
          text: 'count',
          fontSize: 10,
          fill: (d: ModelCard['predVsTrue'][number]) => (d.count > most * 0.45 ? '#fff' : '#1d2330'),
        }),
      ],
    }),
  );
}
