/**
 * A Keras layer graph to an editable project: one node per layer (id and name = the Keras
 * name), edges in argument order, parameters mapped by layerMapping, positions by ELK. The
 * result is analysed before it is returned, so an import either gives a graph with no errors or
 * an ImportError naming the layer at fault.
 */
import { analyzeGraph } from '../graph/analyze.ts';
import { CURRENT_SCHEMA_VERSION, LAYER_NAME, type GraphEdge, type GraphNode, type Project } from '../graph/schema.ts';
import { validateProject } from '../graph/load.ts';
import { getLayer } from '../layers/index.ts';
import { ImportError, type KerasGraph } from './kerasModel.ts';
import { mapKerasLayer } from './layerMapping.ts';
import { layoutTopDown } from './layout.ts';

export interface GraphImport {
  project: Project;
  /** Settings of the file that the project does not keep (regularizers, constraints). */
  ignored: string[];
}

/** Builds and checks the project for `graph`; throws ImportError. */
export async function kerasGraphToProject(graph: KerasGraph): Promise<GraphImport> {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const ignored: string[] = [];
  const axes = new Map<string, { axis: number; path: string; className: string }>();
  const pathOf = new Map<string, string>();
  for (const layer of graph.layers) {
    if (!LAYER_NAME.test(layer.name) || layer.name.length > 200) {
      throw new ImportError(`${layer.path}.name`, `layer name "${layer.name.slice(0, 80)}" is not a Keras layer name Netwright accepts (a letter or _, then letters, digits, _ . - /; at most 200 characters)`);
    }
    const mapped = mapKerasLayer(layer);
    ignored.push(...mapped.ignored);
    pathOf.set(layer.name, layer.path);
    nodes.push({
      id: layer.name,
      kind: mapped.kind,
      name: layer.name,
      params: mapped.params,
      position: { x: 0, y: 0 },
      ...(mapped.trainable ? {} : { trainable: false }),
    });
    if (mapped.axis !== undefined) axes.set(layer.name, { axis: mapped.axis, path: `${layer.path}.config.axis`, className: layer.className });
    const multi = (getLayer(mapped.kind)?.inputs.max ?? 1) > 1;
    layer.inputs.forEach((source, i) => {
      edges.push({ id: `e${edges.length + 1}`, source, sourcePort: 'out', target: layer.name, targetPort: multi ? `in${i}` : 'in' });
    });
  }

  const analysis = analyzeGraph({ nodes, edges });
  const problem = analysis.diagnostics.find((d) => d.severity === 'error');
  if (problem) {
    const at = problem.nodeId ? (pathOf.get(problem.nodeId) ?? '') : '';
    throw new ImportError(at, `the imported graph does not check out: [${problem.code}] ${problem.message}`);
  }
  // Netwright's BatchNormalization and Concatenate work on the channel (last) axis.
  for (const [id, { axis, path, className }] of axes) {
    const rank = analysis.nodes.get(id)!.inputShapes[0]!.length;
    if (axis !== -1 && axis !== rank) throw new ImportError(path, `${className} "${id}" works on axis ${axis}; Netwright supports only the last axis (-1, here ${rank})`);
  }
  if (graph.outputs.length > 0) {
    const declared = [...graph.outputs].sort();
    const sinks = analysis.outputs.slice().sort();
    if (declared.join('\n') !== sinks.join('\n')) {
      throw new ImportError('config.output_layers', `the model's outputs are ${declared.join(', ')}, but the layers nothing consumes are ${sinks.join(', ')}; Netwright takes the outputs to be the layers at the end of the graph`);
    }
  }

  const positions = await layoutTopDown({ nodes, edges });
  const laidOut = nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position }));
  const checked = validateProject({ schemaVersion: CURRENT_SCHEMA_VERSION, name: graph.name.replace(/[^\w.\- ]/g, '_').slice(0, 200) || 'model', nodes: laidOut, edges, groups: [] });
  if (!checked.ok) throw new ImportError(checked.error.path, checked.error.message);
  return { project: checked.project, ignored };
}
