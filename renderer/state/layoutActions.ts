/**
 * Commands that place or regroup many layers at once: inserting a template (laid out with ELK,
 * blocks collapsed, wired from the selection), collapsing and expanding groups in place, grouping
 * and ungrouping the selection, and auto-layout. Each is one undo step.
 */
import type { Project } from '../../shared/graph/schema.ts';
import { connect, moveNodes, pasteFragment } from '../../shared/edits/index.ts';
import { groupMembers, groupSelection, renameGroup, setGroupCollapsed, ungroup } from '../../shared/graph/groups.ts';
import { GROUP_PREFIX, NODE_HEIGHT, NODE_WIDTH } from '../editor/flowModel.ts';
import { useEditor } from './store.ts';
import { askText } from './dialogs.ts';
import { canvasBridge, INSERT_STEP, selectedLayerIds } from './actions.ts';

const state = () => useEditor.getState();

/**
 * Inserts a template's graph at the cursor (groups kept, ids and clashing names made fresh),
 * laid out with ELK to fit the node faces drawn here. In a whole network the blocks start
 * collapsed (ResNet-50 reads as its stages of blocks); expand any of them in place. One undo step.
 */
export async function insertProject(
  template: Project,
  label: string,
  options: { collapseBlocks?: boolean; feedFrom?: string; entries?: string[] } = {},
): Promise<void> {
  const collapseBlocks = options.collapseBlocks === true;
  // Blocks start collapsed whether or not the layout below succeeds.
  const shownGroups = collapseBlocks ? template.groups.map((g) => (g.block !== undefined ? { ...g, collapsed: true } : g)) : template.groups;
  let laid: Project = { ...template, groups: shownGroups };
  try {
    const { layoutProject } = await import('../editor/layout.ts');
    const size = () => ({ width: NODE_WIDTH, height: NODE_HEIGHT + 12 });
    // First every group open, so each block's own layers get a tidy arrangement...
    const open = { ...template, groups: template.groups.map((g) => ({ ...g, collapsed: false })) };
    const arranged = moveNodes(open, await layoutProject(open, size));
    // ...then the network laid out as it is shown, closed blocks moving as one.
    const shown = { ...arranged, groups: shownGroups };
    laid = collapseBlocks && shownGroups.some((g) => g.collapsed) ? moveNodes(shown, await layoutProject(shown, size)) : shown;
  } catch (e) {
    // Keep the template's own positions; say why the layout failed.
    console.error('template layout failed', e);
  }
  const s = state();
  const empty = s.project.nodes.length === 0;
  const feed = options.feedFrom === undefined ? undefined : s.project.nodes.find((n) => n.id === options.feedFrom);
  const at = empty ? { x: 0, y: 0 } : feed ? { x: feed.position.x, y: feed.position.y + INSERT_STEP + 40 } : canvasBridge().insertPoint();
  const pasted = pasteFragment(s.project, { netwright: 'netwright/fragment', version: 1, nodes: laid.nodes, edges: laid.edges, groups: laid.groups }, { at });
  let project = pasted.project;
  if (feed) {
    // A block wired from the selected layer into each of its entry points.
    const index = new Map(laid.nodes.map((n, i) => [n.id, i]));
    for (const entry of options.entries ?? []) {
      const id = pasted.ids[index.get(entry) ?? -1];
      if (id !== undefined) project = connect(project, feed.id, id).project;
    }
  }
  if (empty) {
    // A graph started from a template remembers which one (the inspector shows its idea and source).
    const { fromTemplate: _previous, ...rest } = project as Project & { fromTemplate?: unknown };
    const from = (template as Project & { fromTemplate?: unknown }).fromTemplate;
    project = { ...rest, ...(typeof from === 'string' ? { fromTemplate: from } : {}) };
  }
  s.edit(empty && s.project.name === 'untitled' ? { ...project, name: template.name } : project, label, { select: laid.groups.length > 0 ? [] : pasted.ids });
  canvasBridge().fitView();
}


/**
 * Collapses or expands a group in place. When the expanded frame would cover other layers, the
 * graph is laid out again as part of the same step, so nothing ends up hidden under the frame.
 */
export async function toggleGroup(groupId: string, collapsed: boolean): Promise<void> {
  const s = state();
  const r = setGroupCollapsed(s.project, groupId, collapsed);
  if (!r.ok) return;
  let next = r.project;
  if (!collapsed && framesOverlap(next, groupId)) {
    try {
      const { layoutProject } = await import('../editor/layout.ts');
      next = moveNodes(next, await layoutProject(next, canvasBridge().sizeOf));
    } catch {
      /* expanded without re-layout */
    }
  }
  state().edit(next, collapsed ? 'Collapse group' : 'Expand group', { select: collapsed ? [GROUP_PREFIX + groupId] : [] });
}

/** True when a layer outside `groupId` sits inside the box of its layers. */
function framesOverlap(project: Project, groupId: string): boolean {
  const inside = new Set(groupMembers(project, groupId));
  const ps = project.nodes.filter((n) => inside.has(n.id)).map((n) => n.position);
  if (ps.length === 0) return false;
  const minX = Math.min(...ps.map((p) => p.x)) - 30;
  const minY = Math.min(...ps.map((p) => p.y)) - 60;
  const maxX = Math.max(...ps.map((p) => p.x)) + NODE_WIDTH + 30;
  const maxY = Math.max(...ps.map((p) => p.y)) + NODE_HEIGHT + 30;
  return project.nodes.some((n) => !inside.has(n.id) && n.position.x + NODE_WIDTH > minX && n.position.x < maxX && n.position.y + NODE_HEIGHT > minY && n.position.y < maxY);
}

/** Asks for a name, then groups the selection under it. */
export async function groupSelectedAsk(): Promise<void> {
  if (selectedLayerIds().length === 0) return state().toast('Select the layers to group first.');
  const name = await askText('Name of the new group', 'block');
  if (name) groupSelected(name);
}

export function groupSelected(name: string): void {
  const s = state();
  const r = groupSelection(s.project, selectedLayerIds(), name);
  if (!r.ok) return s.toast(r.message, 'error');
  s.edit(r.project, 'Group');
}

export function ungroupSelected(): void {
  const s = state();
  const groups = [...s.selectedNodes].filter((id) => id.startsWith(GROUP_PREFIX)).map((id) => id.slice(GROUP_PREFIX.length));
  const ids = new Set(selectedLayerIds());
  // An expanded group: ungroup the innermost group holding all selected layers.
  if (groups.length === 0) {
    const g = s.project.groups.filter((x) => {
      const m = groupMembers(s.project, x.id);
      return m.length > 0 && [...ids].every((id) => m.includes(id));
    }).sort((a, b) => groupMembers(s.project, a.id).length - groupMembers(s.project, b.id).length)[0];
    if (g) groups.push(g.id);
  }
  let project = s.project;
  for (const id of groups) {
    const r = ungroup(project, id);
    if (r.ok) project = r.project;
  }
  s.edit(project, 'Ungroup');
}

/** Lays the whole graph out top to bottom with ELK (one undo step), then fits it in view. */
export async function autoLayout(): Promise<void> {
  const before = state().project;
  if (before.nodes.length === 0) return;
  try {
    const { layoutProject } = await import('../editor/layout.ts');
    const positions = await layoutProject(before, canvasBridge().sizeOf);
    const now = state();
    now.edit(moveNodes(now.project, positions), 'Auto layout');
    canvasBridge().fitView();
  } catch (e) {
    state().toast(`Auto layout failed: ${e instanceof Error ? e.message : String(e)}`, 'error');
  }
}

/** Renames a group (one undo step per burst of typing). */
export function renameGroupTo(groupId: string, name: string): void {
  const r = renameGroup(state().project, groupId, name);
  if (r.ok) state().edit(r.project, 'Rename group', { coalesce: `group-name:${groupId}` });
}
