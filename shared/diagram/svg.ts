/**
 * renderSvg: a laid-out diagram as one standalone SVG document (no external fonts, images or
 * styles), so it opens in any browser, embeds in a paper and converts to PNG. Boxes are rounded
 * cards with a category-coloured band; collapsed groups are stacked cards; expanded groups are
 * tinted frames with their name; edges are orthogonal with rounded bends and arrowheads.
 */
import { GEOMETRY, paramsLabel, type DiagramBox, type DiagramFrame, type DiagramLayout, type Point } from './layout.ts';
import { escapeXml, fitText, textWidth } from './text.ts';
import { FONT_FAMILY, THEMES, type DiagramTheme, type ThemeName } from './theme.ts';

export interface SvgOptions {
  theme?: ThemeName;
}

/** The SVG text of `layout`. Every string from the project is XML-escaped. */
export function renderSvg(layout: DiagramLayout, options: SvgOptions = {}): string {
  const t = THEMES[options.theme ?? 'light'];
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="${escapeXml(FONT_FAMILY)}">`,
    `<title>${escapeXml(layout.title || 'model')}</title>`,
    `<rect width="${layout.width}" height="${layout.height}" fill="${t.background}"/>`,
  );
  if (layout.title) {
    const x = GEOMETRY.margin;
    out.push(`<text x="${x}" y="${GEOMETRY.margin + 16}" font-size="16" font-weight="bold" fill="${t.text}">${escapeXml(layout.title)}</text>`);
    out.push(`<text x="${x}" y="${GEOMETRY.margin + 34}" font-size="11" fill="${t.muted}">${escapeXml(layout.subtitle)}</text>`);
  }
  for (const f of layout.frames) out.push(frame(f, t));
  // Arrowheads are drawn as triangles, not <marker>s: markers render unevenly across tools
  // (and crash some rasterisers when clipped).
  const lines: string[] = [];
  const heads: string[] = [];
  for (const e of layout.edges) {
    if (e.points.length < 2) continue;
    const { line, head } = arrow(e.points);
    lines.push(`<path d="${roundedPath(line, 6)}"/>`);
    heads.push(`<path d="${head}"/>`);
  }
  out.push(`<g class="edges" fill="none" stroke="${t.edge}" stroke-width="1.5" stroke-linejoin="round">${lines.join('')}</g>`);
  out.push(`<g class="arrowheads" fill="${t.edge}">${heads.join('')}</g>`);
  for (const b of layout.boxes) out.push(box(b, t));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function frame(f: DiagramFrame, t: DiagramTheme): string {
  const g = GEOMETRY;
  const fill = t.frameFills[f.depth % t.frameFills.length]!;
  const params = paramsLabel(f.params);
  const paramsWidth = params ? textWidth(params, 11) + 12 : 0;
  const label = fitText(f.name, g.frameLabelSize, f.width - 2 * 12 - paramsWidth, true);
  return [
    `<g class="frame" data-id="${escapeXml(f.id)}">`,
    `<rect x="${f.x}" y="${f.y}" width="${f.width}" height="${f.height}" rx="12" fill="${fill}" stroke="${t.frameStroke}" stroke-dasharray="5 3"/>`,
    `<text x="${f.x + 12}" y="${f.y + 21}" font-size="${g.frameLabelSize}" font-weight="bold" fill="${t.frameLabel}">${escapeXml(label)}</text>`,
    params ? `<text x="${f.x + f.width - 12}" y="${f.y + 21}" font-size="11" text-anchor="end" fill="${t.muted}">${escapeXml(params)}</text>` : '',
    '</g>',
  ].join('');
}

function box(b: DiagramBox, t: DiagramTheme): string {
  const g = GEOMETRY;
  const colour = t.categories[b.category as keyof DiagramTheme['categories']] ?? t.categories.Unknown;
  const isGroup = b.type === 'group';
  // A collapsed group is a card with a second card peeking out behind it.
  const w = isGroup ? b.width - g.stackOffset : b.width;
  const h = isGroup ? b.height - g.stackOffset : b.height;
  const x = b.x;
  const y = b.y;
  const parts: string[] = [`<g class="${isGroup ? 'group' : 'layer'}" data-id="${escapeXml(b.id)}">`];
  if (isGroup) parts.push(`<rect x="${x + g.stackOffset}" y="${y + g.stackOffset}" width="${w}" height="${h}" rx="8" fill="${t.stack}" stroke="${t.cardStroke}"/>`);
  parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="8" fill="${t.card}" stroke="${t.cardStroke}"/>`);
  // The category band: the card's left edge, rounded on the outside only.
  parts.push(`<path d="M${x + g.band},${y} H${x + 8} A8,8 0 0 0 ${x},${y + 8} V${y + h - 8} A8,8 0 0 0 ${x + 8},${y + h} H${x + g.band} Z" fill="${colour}"/>`);
  const left = x + g.band + g.padX;
  const right = x + w - g.padX;
  const room = right - left;
  const kindText = b.detail ? `${b.kind}  ${b.detail}` : b.kind;
  const kindWidth = Math.min(textWidth(kindText, g.kindSize), room * 0.6);
  const name = fitText(b.name, g.nameSize, room - kindWidth - 12, true);
  const kind = fitText(kindText, g.kindSize, room - textWidth(name, g.nameSize, true) - 12);
  const params = paramsLabel(b.params);
  const shape = fitText(b.shape, g.shapeSize, room - (params ? textWidth(params, g.kindSize) + 12 : 0));
  parts.push(`<text x="${left}" y="${y + 21}" font-size="${g.nameSize}" font-weight="bold" fill="${t.text}">${escapeXml(name)}</text>`);
  // Kind in the category colour, its key parameters muted after it (no-break spaces: XML
  // collapses ordinary leading spaces, and dx would shift the text past its end anchor).
  const kindPart = kind.startsWith(b.kind) ? b.kind : kind;
  const rest = kind.slice(kindPart.length);
  parts.push(
    `<text x="${right}" y="${y + 21}" font-size="${g.kindSize}" text-anchor="end" fill="${colour}">${escapeXml(kindPart)}${rest.trim() ? `<tspan fill="${t.muted}">\u00a0\u00a0${escapeXml(rest.trim())}</tspan>` : ''}</text>`,
  );
  parts.push(`<text x="${left}" y="${y + 40}" font-size="${g.shapeSize}" fill="${t.text}" class="shape">${escapeXml(shape)}</text>`);
  if (params) parts.push(`<text x="${right}" y="${y + 40}" font-size="${g.kindSize}" text-anchor="end" fill="${t.muted}">${escapeXml(params)}</text>`);
  parts.push('</g>');
  return parts.join('');
}

/** Arrowhead size: length along the edge and half-width. */
const HEAD = { length: 8, half: 4 };

/** The edge's polyline shortened by the arrowhead, and the arrowhead triangle at its end. */
function arrow(points: readonly Point[]): { line: Point[]; head: string } {
  const end = points[points.length - 1]!;
  const before = points[points.length - 2]!;
  const len = Math.hypot(end.x - before.x, end.y - before.y) || 1;
  const ux = (end.x - before.x) / len;
  const uy = (end.y - before.y) / len;
  const k = Math.min(HEAD.length, len);
  const base = { x: end.x - ux * k, y: end.y - uy * k };
  const line = [...points.slice(0, -1), base];
  const l = { x: base.x - uy * HEAD.half, y: base.y + ux * HEAD.half };
  const r = { x: base.x + uy * HEAD.half, y: base.y - ux * HEAD.half };
  return { line, head: `M${fmt(end.x)},${fmt(end.y)} L${fmt(l.x)},${fmt(l.y)} L${fmt(r.x)},${fmt(r.y)} Z` };
}

/** An orthogonal polyline with its bends rounded by radius `r` (shortened where segments are short). */
export function roundedPath(points: readonly Point[], r: number): string {
  const p = points;
  let d = `M${p[0]!.x},${p[0]!.y}`;
  for (let i = 1; i < p.length - 1; i++) {
    const a = p[i - 1]!;
    const b = p[i]!;
    const c = p[i + 1]!;
    const inLen = Math.hypot(b.x - a.x, b.y - a.y);
    const outLen = Math.hypot(c.x - b.x, c.y - b.y);
    const k = Math.min(r, inLen / 2, outLen / 2);
    if (k < 0.5) {
      d += ` L${b.x},${b.y}`;
      continue;
    }
    const p1 = { x: b.x - ((b.x - a.x) / inLen) * k, y: b.y - ((b.y - a.y) / inLen) * k };
    const p2 = { x: b.x + ((c.x - b.x) / outLen) * k, y: b.y + ((c.y - b.y) / outLen) * k };
    d += ` L${fmt(p1.x)},${fmt(p1.y)} Q${b.x},${b.y} ${fmt(p2.x)},${fmt(p2.y)}`;
  }
  const last = p[p.length - 1]!;
  return `${d} L${last.x},${last.y}`;
}

function fmt(v: number): string {
  return String(Math.round(v * 10) / 10);
}
