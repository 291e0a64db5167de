/**
 * Live learning curves drawn with uPlot: loss and val_loss, accuracy and val_accuracy per epoch
 * (with points), the reported batches as a faint line on the same epoch axis (epoch 1, batch 5 of
 * 10 sits at 0.5), and the validation curves of other runs overlaid, dashed, for comparison.
 * Colours come from the theme's CSS variables, so the charts follow light and dark. Given `lines`,
 * the chart draws exactly those instead (the plain-vs-residual experiment overlays two runs).
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEditor } from '../state/store.ts';
import { align, type BatchPoint, type EpochPoint } from './runState.ts';

export interface CurveRun {
  id: string;
  label: string;
  epochs: EpochPoint[];
}

/** A line of its own: a label for the legend, a colour, solid or dashed, points on the epoch axis. */
export interface CurveLine {
  id: string;
  label: string;
  colour: string;
  dashed?: boolean;
  points: { x: number; y: number | null }[];
}

interface Props {
  metric: 'loss' | 'accuracy';
  epochs: EpochPoint[];
  batches: BatchPoint[];
  compare: CurveRun[];
  /** When given, the chart draws these lines only (epochs, batches and compare are not drawn). */
  lines?: CurveLine[];
}

const COMPARE_COLOURS = ['#9b6cf0', '#2fb39a', '#e0447c', '#0e7490', '#a16207', '#6b7280'];

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export function Curves({ metric, epochs, batches, compare, lines }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const theme = useEditor((s) => s.theme);
  const val = metric === 'loss' ? 'val_loss' : 'val_accuracy';
  const train = metric === 'loss' ? 'loss' : 'accuracy';

  const series = lines
    ? lines.map((l) => l.points)
    : [
        epochs.map((e) => ({ x: e.epoch, y: e[train] })),
        epochs.map((e) => ({ x: e.epoch, y: e[val] })),
        batches.map((b) => ({ x: b.x, y: metric === 'loss' ? b.loss : b.acc })),
        ...compare.map((r) => r.epochs.map((e) => ({ x: e.epoch, y: e[val] ?? e[train] }))),
      ];
  const data = align(series);
  const shape = `${theme}|${lines ? lines.map((l) => `${l.id}:${l.colour}`).join(',') : compare.map((r) => r.id).join(',')}`;
  const drawn = (points: { y: number | null }[]) => points.filter((p) => p.y !== null && Number.isFinite(p.y)).length;
  const epochPoints = lines ? Math.max(0, ...lines.map((l) => drawn(l.points))) : epochs.filter((e) => e[train] !== null).length;
  const latest = useRef(data);
  latest.current = data;

  // (Re)create the chart when the theme or the overlaid runs change; otherwise only the data.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let resize: ResizeObserver | undefined;
    // One frame later: the app sets the theme on <html> in its own effect, which runs after this one.
    const frame = requestAnimationFrame(() => {
      create(el);
      resize = new ResizeObserver(() => chart.current?.setSize({ width: Math.max(200, el.clientWidth), height: 190 }));
      resize.observe(el);
    });
    return () => {
      cancelAnimationFrame(frame);
      resize?.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
    // The data is set by the effect below; only the chart's shape recreates it.
  }, [shape, metric]);

  function create(el: HTMLDivElement): void {
    const text = cssVar('--text-2', '#5b6577');
    const grid = cssVar('--border', '#dfe3e8');
    const accent = cssVar('--accent', '#2f6fed');
    const valColour = cssVar('--cat-normalization', '#d9822b');
    const pct = metric === 'accuracy';
    const fmt = (v: number | null) => (v === null ? '–' : pct ? `${(v * 100).toFixed(1)}%` : v.toPrecision(4));
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 190,
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
      scales: { x: { time: false }, y: pct ? { range: (_u, min, max) => [Math.max(0, Math.min(min, 0.9) - 0.02), Math.min(1, Math.max(max, 0.1) + 0.02)] } : {} },
      axes: [
        { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, label: 'epoch', labelSize: 18, size: 34, incrs: [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
        { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, size: 52, values: (_u, ticks) => ticks.map((t) => (pct ? `${Math.round(t * 100)}%` : String(Number(t.toPrecision(3))))) },
      ],
      series: [
        { label: 'epoch', value: (_u, v) => (v === null ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(2)) },
        ...(lines ? lines.map((l) => lineSeries(l, fmt)) : ownSeries()),
      ],
    };
    chart.current?.destroy();
    chart.current = new uPlot(opts, latest.current as uPlot.AlignedData, el);

    /** The run's own curves, its batches, and the runs overlaid for comparison. */
    function ownSeries(): uPlot.Series[] {
      return [
        { label: train, stroke: accent, width: 2, spanGaps: true, points: { show: true, size: 7, fill: accent }, value: (_u, v) => fmt(v) },
        { label: val, stroke: valColour, width: 2, spanGaps: true, points: { show: true, size: 7, fill: valColour }, value: (_u, v) => fmt(v) },
        { label: `batch ${train}`, stroke: withAlpha(accent, 0.35), width: 1, spanGaps: true, points: { show: false }, value: (_u, v) => fmt(v) },
        ...compare.map((r, i) => ({
          label: r.label,
          stroke: COMPARE_COLOURS[i % COMPARE_COLOURS.length]!,
          width: 1.5,
          dash: [6, 4],
          spanGaps: true,
          points: { show: true, size: 5 },
          value: (_u: uPlot, v: number | null) => fmt(v),
        })),
      ];
    }
  }

  useEffect(() => {
    chart.current?.setData(data as uPlot.AlignedData);
  });

  return (
    <div
      className="nw-train-chart"
      data-testid={`chart-${metric}`}
      data-epoch-points={epochPoints}
      data-batch-points={batches.length}
      data-lines={lines?.map((l) => `${l.label}:${drawn(l.points)}`).join(',')}
    >
      <div className="nw-train-chart-title">{metric === 'loss' ? 'Loss' : 'Accuracy'}</div>
      <div ref={box} className="nw-train-chart-box" />
    </div>
  );
}

/** One given line as a uPlot series: solid with points, or dashed with smaller points. */
function lineSeries(line: CurveLine, fmt: (v: number | null) => string): uPlot.Series {
  return {
    label: line.label,
    stroke: line.colour,
    width: line.dashed ? 1.5 : 2,
    ...(line.dashed ? { dash: [6, 4] } : {}),
    spanGaps: true,
    points: { show: true, size: line.dashed ? 5 : 7, fill: line.colour },
    value: (_u, v) => fmt(v),
  };
}

/** #rrggbb (or any CSS colour uPlot accepts) with an alpha; non-hex colours are returned as is. */
function withAlpha(colour: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(colour);
  if (!m) return colour;
  const n = parseInt(m[1]!, 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
