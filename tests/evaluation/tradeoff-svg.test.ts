import { describe, expect, it } from 'vitest';
import { boxesOverlap, placeLabels, type Box } from '../../src/evaluation/report/label-placement.js';
import { renderTradeoffSvg, type Sweep } from '../../src/evaluation/report/sweep.js';
import { expectWellFormed } from './_xml.js';

/** A sweep whose points crowd together: lambda 0..0.7, Gini and NDCG moving by tiny steps, with intervals. */
function crowded(): Sweep {
  const values = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
  return {
    parameter: 'models.0.fairness.rerank.lambda',
    points: values.map((v, i) => ({
      value: v,
      metrics: new Map([
        ['merchant-gini@10', 0.8 - 0.004 * i],
        ['ndcg@10', 0.3 - 0.001 * i],
        ['snips-ndcg@10', 0.31 - 0.0005 * i],
      ]),
      intervals: new Map<string, readonly [number, number]>([
        ['merchant-gini@10', [0.8 - 0.004 * i, 0.8 - 0.004 * i]],
        ['ndcg@10', [0.28 - 0.001 * i, 0.32 - 0.001 * i]],
        ['snips-ndcg@10', [0.29 - 0.0005 * i, 0.33 - 0.0005 * i]],
      ]),
    })),
  };
}

/** Boxes of the point labels (font size 11: about 6.6 px per character, 12 px high, baseline 2 px above the bottom). */
function labelBoxes(svg: string): { text: string; box: Box }[] {
  const group = /<g class="point-labels"[^>]*>([^]*?)<\/g>/.exec(svg)![1]!;
  return [...group.matchAll(/<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({
    text: m[3]!,
    box: { x: Number(m[1]), y: Number(m[2]) - 10, width: m[3]!.length * 6.6, height: 12 },
  }));
}

describe('trade-off chart', () => {
  const width = 640;
  const height = 420;
  const svg = renderTradeoffSvg(crowded(), { x: 'merchant-gini@10', y: ['ndcg@10', 'snips-ndcg@10'], title: 'blend: ndcg@10 and snips-ndcg@10 vs merchant-gini@10' });

  it('labels points with the grid value only, inside the canvas and without overlaps', () => {
    expectWellFormed(svg);
    const labels = labelBoxes(svg);
    expect(labels).toHaveLength(16);
    for (const { text, box } of labels) {
      expect(text).toMatch(/^0(\.\d)?$/);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      expect(box.y + box.height).toBeLessThanOrEqual(height);
    }
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(boxesOverlap(labels[i]!.box, labels[j]!.box)).toBe(false);
    // The parameter is named once, under the axis, not on every point.
    expect(svg.match(/models\.0\.fairness\.rerank\.lambda/g)!.length).toBe(1 + 16); // the note, and each point's tooltip
    expect(svg).toContain('points labelled with models.0.fairness.rerank.lambda; whiskers: 95% intervals');
  });

  it('draws a 95% interval whisker (with caps) for every point that has one, and a legend per series', () => {
    const whiskers = /<g class="whiskers"[^>]*>([^]*?)<\/g>/.exec(svg)![1]!;
    // 16 points with a y interval: one line and two caps each; the Gini intervals are degenerate.
    expect(whiskers.match(/<line /g)).toHaveLength(48);
    expect(svg).toMatch(/<g class="legend">[^]*>ndcg@10<\/text>[^]*>snips-ndcg@10<\/text>/);
    expect(svg.match(/<polyline class="series"/g)).toHaveLength(2);
  });

  it('the y range covers the whiskers; change scale plots percent change from the first point', () => {
    expect(svg).toContain('>0.34</text>'); // the top whisker reaches 0.33
    const change = renderTradeoffSvg(crowded(), { x: 'merchant-gini@10', y: ['ndcg@10', 'snips-ndcg@10'], scale: 'change' });
    expectWellFormed(change);
    expect(change).toContain('change from the first point, %');
    // ndcg falls 0.007 from 0.3 at lambda 0.7: -2.33%; its point tooltip says so.
    expect(change).toContain('ndcg@10 -2.33333');
  });

  it('cuts a long title to the canvas width', () => {
    const long = renderTradeoffSvg(crowded(), { x: 'merchant-gini@10', y: 'ndcg@10', title: 'x'.repeat(300) });
    const title = /<text class="title"[^>]*>([^<]*)<\/text>/.exec(long)![1]!;
    expect(title.length * 8).toBeLessThanOrEqual(width); // 14 px text
    expect(title.endsWith('…')).toBe(true);
  });
});

describe('placeLabels', () => {
  it('takes the first free place (right, left, above, below, diagonals), and gives up when none is free', () => {
    const bounds = { x: 0, y: 0, width: 100, height: 100 };
    expect(placeLabels([{ x: 50, y: 50, width: 20, height: 12 }], [], bounds)).toEqual([{ x: 56, y: 44, width: 20, height: 12 }]);
    // Near the right edge the label goes left.
    expect(placeLabels([{ x: 95, y: 50, width: 20, height: 12 }], [], bounds)[0]).toEqual({ x: 69, y: 44, width: 20, height: 12 });
    // The second label of the same point avoids the first.
    const two = placeLabels([{ x: 50, y: 50, width: 20, height: 12 }, { x: 50, y: 50, width: 20, height: 12 }], [], bounds);
    expect(boxesOverlap(two[0]!, two[1]!)).toBe(false);
    // Nowhere to go in a tiny canvas.
    expect(placeLabels([{ x: 5, y: 5, width: 20, height: 12 }], [], { x: 0, y: 0, width: 10, height: 10 })).toEqual([undefined]);
  });
});
