/** An axis-aligned box in pixels: top-left corner and size. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Whether two boxes overlap (touching edges do not count). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(box: Box, bounds: Box): boolean {
  return box.x >= bounds.x && box.y >= bounds.y && box.x + box.width <= bounds.x + bounds.width && box.y + box.height <= bounds.y + bounds.height;
}

/** Candidate directions around an anchor, in order of preference: right, left, above, below, then the diagonals. */
const DIRECTIONS: readonly (readonly [number, number])[] = [
  [1, 0],
  [-1, 0],
  [0, -1],
  [0, 1],
  [1, -1],
  [1, 1],
  [-1, -1],
  [-1, 1],
];

/**
 * Greedy label placement: each label (a `width` x `height` box to put near its anchor point
 * `x`, `y`), in order, takes the first candidate position (right, left, above, below, diagonals, at
 * 6, 12, 18 and 24 pixels from the anchor) that lies within `bounds` and overlaps no obstacle and
 * no label placed before it; `undefined` when none does. Deterministic.
 *
 * @example placeLabels([{ x: 50, y: 50, width: 20, height: 12 }], [], { x: 0, y: 0, width: 100, height: 100 })[0] // { x: 56, y: 44, width: 20, height: 12 }
 */
export function placeLabels(
  labels: readonly { readonly x: number; readonly y: number; readonly width: number; readonly height: number }[],
  obstacles: readonly Box[],
  bounds: Box,
): (Box | undefined)[] {
  const taken: Box[] = [...obstacles];
  return labels.map((label) => {
    for (const gap of [6, 12, 18, 24]) {
      for (const [dx, dy] of DIRECTIONS) {
        const x = dx > 0 ? label.x + gap : dx < 0 ? label.x - gap - label.width : label.x - label.width / 2;
        const y = dy > 0 ? label.y + gap : dy < 0 ? label.y - gap - label.height : label.y - label.height / 2;
        const box: Box = { x, y, width: label.width, height: label.height };
        if (!inside(box, bounds) || taken.some((t) => boxesOverlap(box, t))) continue;
        taken.push(box);
        return box;
      }
    }
    return undefined;
  });
}
