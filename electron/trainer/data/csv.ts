// CSV datasets: one row per image with an image path (relative to the CSV file, or absolute) and a
// label. A first row with no image file name in it is a header, whose column names pick the path
// and label columns; otherwise the path column is the one holding image names and the label is the
// next. Whole-number labels keep their numbers as class indices; text labels are sorted like folders.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadImageFiles } from './imageFiles.ts';
import { DatasetError, type Dataset, type LoadOptions } from './types.ts';

export interface CsvRow {
  path: string;
  label: string;
  line: number;
}

const IMAGE_NAME = /\.(jpe?g|png|gif|bmp|webp)$/i;
const PATH_HEADER = /^(file|filename|file_?name|file_?path|filepath|path|image|image_?path|image_?file|img|image_?name)$/i;
const LABEL_HEADER = /^(label|labels|class|class_?name|category|target|y)$/i;

/** Parse CSV text into (path, label) rows; any problem is a DatasetError naming the file and line. */
export function parseCsvIndex(text: string, file: string): CsvRow[] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(',') ? ',' : firstLine.includes('\t') ? '\t' : firstLine.includes(';') ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, delimiter, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (err) {
    throw new DatasetError(`${file}: not readable as CSV (${(err as Error).message}). Save it as plain comma-separated text.`, file);
  }
  if (records.length === 0) throw new DatasetError(`${file} is empty; it needs one row per image: path,label.`, file);
  const first = records[0]!.record;
  const header = !first.some((cell) => IMAGE_NAME.test(cell));
  const body = header ? records.slice(1) : records;
  if (body.length === 0) throw new DatasetError(`${file} has a header but no rows; add one row per image: path,label.`, file);
  let pathCol: number;
  let labelCol: number;
  if (header) {
    pathCol = first.findIndex((h) => PATH_HEADER.test(h));
    labelCol = first.findIndex((h) => LABEL_HEADER.test(h));
    if (pathCol < 0) pathCol = body[0]!.record.findIndex((cell) => IMAGE_NAME.test(cell));
    if (labelCol < 0 || labelCol === pathCol) labelCol = pathCol === 0 ? 1 : 0;
  } else {
    pathCol = first.findIndex((cell) => IMAGE_NAME.test(cell));
    labelCol = pathCol === 0 ? 1 : 0;
  }
  if (pathCol < 0) {
    throw new DatasetError(`${file}: no column holds image file names (.png/.jpg). Use two columns: image path, label.`, file);
  }
  return body.map(({ record, info }) => {
    const p = record[pathCol] ?? '';
    const label = record[labelCol] ?? '';
    if (p === '' || label === '') {
      throw new DatasetError(`${file} line ${info.lines}: needs an image path and a label; found ${JSON.stringify(record.join(delimiter))}.`, file);
    }
    return { path: p, label, line: info.lines };
  });
}

/** Class list and label index per row: whole numbers map to themselves, text sorts alphabetically. */
export function csvClasses(rows: CsvRow[]): { classes: string[]; labels: number[] } {
  const numeric = rows.every((r) => /^\d{1,6}$/.test(r.label));
  if (numeric) {
    const values = rows.map((r) => Number.parseInt(r.label, 10));
    const max = values.reduce((a, b) => (b > a ? b : a), 0);
    return { classes: Array.from({ length: max + 1 }, (_, i) => String(i)), labels: values };
  }
  const classes = [...new Set(rows.map((r) => r.label))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(classes.map((c, i) => [c, i]));
  return { classes, labels: rows.map((r) => index.get(r.label)!) };
}

export async function loadCsv(csvPath: string, options: LoadOptions = {}): Promise<Dataset> {
  const abs = path.resolve(csvPath);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch {
    throw new DatasetError(`CSV file ${abs} does not exist or cannot be read. Check the path.`, abs);
  }
  const rows = parseCsvIndex(text, abs);
  const { classes, labels } = csvClasses(rows);
  const dir = path.dirname(abs);
  const entries = rows.map((r, i) => ({
    file: path.resolve(dir, r.path),
    label: labels[i]!,
    origin: `${path.basename(abs)} line ${r.line}`,
  }));
  return loadImageFiles(entries, { name: path.basename(abs), source: abs, classes }, options);
}
