// One colour per person on every page: taken from the person's directory id by a stable
// hash, not from the order people appear in, so Sam is the same colour on INC-1 and INC-2.
// Two people on one incident can share a colour; their spans carry their names (on the bar
// when it is wide enough, on hover, in the legend and in the table below the picture).

// Okabe–Ito first (distinguishable with the common colour-vision deficiencies), then four
// more of similar weight for larger teams.
const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#8C6D31',
  '#6A3D9A',
  '#B8860B',
  '#1B9E77',
  '#A6761D',
  '#E7298A',
];

/** FNV-1a over the id's UTF-16 units: small, stable across runs and platforms. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function personColour(personId: string): string {
  return PALETTE[hash(personId) % PALETTE.length]!;
}

/** Dark text on light colours, white on dark ones (WCAG relative luminance). */
export function textOn(colour: string): string {
  const channel = (i: number) => {
    const c = parseInt(colour.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return luminance > 0.3 ? '#111827' : '#ffffff';
}
