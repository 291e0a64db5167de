/**
 * A simple deterministic top-to-bottom layout for expanded templates: each node sits one row
 * below its deepest input (longest-path layering) and is centred under its inputs; nodes sharing
 * a row are pushed apart. The editor offers a full layered layout (ELK) on top of this.
 */

export const ROW_HEIGHT = 90;
export const COLUMN_WIDTH = 220;

/** Positions for `ids` (in file order) given each node's inputs. Nodes on a cycle go last. */
export function layoutTopToBottom(ids: readonly string[], inputs: ReadonlyMap<string, readonly string[]>): Map<string, { x: number; y: number }> {
  const known = new Set(ids);
  const row = new Map<string, number>();
  const visiting = new Set<string>();
  const rowOf = (id: string): number => {
    const done = row.get(id);
    if (done !== undefined) return done;
    if (visiting.has(id)) return 0; // a cycle: analysis reports it; just stop here
    visiting.add(id);
    const r = Math.max(-1, ...(inputs.get(id) ?? []).filter((s) => known.has(s)).map(rowOf)) + 1;
    visiting.delete(id);
    row.set(id, r);
    return r;
  };
  // Iterative warm-up in file order keeps recursion shallow on long chains.
  for (const id of ids) rowOf(id);

  const rows = new Map<number, string[]>();
  for (const id of ids) {
    const r = row.get(id)!;
    rows.set(r, [...(rows.get(r) ?? []), id]);
  }
  const x = new Map<string, number>();
  for (const r of [...rows.keys()].sort((a, b) => a - b)) {
    const members = rows.get(r)!;
    // Wish: the mean x of the inputs (0 for sources), ties kept in file order.
    const wish = members.map((id, i) => {
      const xs = (inputs.get(id) ?? []).map((s) => x.get(s)).filter((v): v is number => v !== undefined);
      return { id, i, at: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0 };
    });
    wish.sort((a, b) => a.at - b.at || a.i - b.i);
    // Centre the row on its wishes, then push right wherever two nodes would overlap.
    const placed: number[] = [];
    wish.forEach((w, k) => placed.push(k === 0 ? w.at : Math.max(w.at, placed[k - 1]! + COLUMN_WIDTH)));
    const shift = wish.reduce((s, w, k) => s + (w.at - placed[k]!), 0) / wish.length;
    wish.forEach((w, k) => x.set(w.id, Math.round(placed[k]! + Math.min(0, shift))));
  }
  return new Map(ids.map((id) => [id, { x: x.get(id)!, y: row.get(id)! * ROW_HEIGHT }]));
}
