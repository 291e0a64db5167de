/**
 * The order in which Keras lists a functional model's layers (`model.layers`, the rows of
 * `model.summary()`): Keras 3's map_graph in keras/src/ops/function.py, which tf.keras 2.x and
 * tfjs-layers' Container share. It depends on the wiring only, never on the order code was written.
 */

/**
 * Keras' layer order for a graph. A depth-first walk from each output in turn (inputs of a layer
 * in argument order) numbers every layer when first reached; a layer's depth is the length of
 * its longest path to an output; layers are listed by decreasing depth, ties by that number.
 * Inputs nobody consumes come at depth 0 ahead of the rest, in model-input order.
 *
 * @param nodes every node to order, in a topological order (inputs before their consumers)
 * @param inputsOf a node's inputs in port order, all of them among `nodes`
 * @param outputs the model's outputs in the order the model is built with
 * @param inputs the model's Input nodes in the order the model is built with
 * @returns `nodes` in Keras' order (which is topological too: a producer is deeper than its consumers)
 */
export function kerasLayerOrder(nodes: readonly string[], inputsOf: (id: string) => readonly string[], outputs: readonly string[], inputs: readonly string[]): string[] {
  // _build_map: the walk, iterative so that deep chains cannot overflow the stack.
  const traversal = new Map<string, number>();
  const finished = new Set<string>();
  const inProgress = new Set<string>();
  const postOrder: string[] = [];
  for (const output of outputs) {
    if (finished.has(output)) continue;
    const stack: Array<{ id: string; next: number }> = [{ id: output, next: 0 }];
    inProgress.add(output);
    if (!traversal.has(output)) traversal.set(output, traversal.size);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const ins = inputsOf(frame.id);
      if (frame.next < ins.length) {
        const child = ins[frame.next++]!;
        if (finished.has(child) || inProgress.has(child)) continue;
        if (!traversal.has(child)) traversal.set(child, traversal.size);
        inProgress.add(child);
        stack.push({ id: child, next: 0 });
        continue;
      }
      stack.pop();
      inProgress.delete(frame.id);
      finished.add(frame.id);
      postOrder.push(frame.id);
    }
  }
  // map_graph: depths from the outputs back, each layer visited after all of its consumers.
  const depth = new Map<string, number>();
  for (let i = postOrder.length - 1; i >= 0; i--) {
    const id = postOrder[i]!;
    const d = depth.get(id) ?? 0;
    depth.set(id, d);
    for (const src of inputsOf(id)) depth.set(src, Math.max(depth.get(src) ?? 0, d + 1));
  }
  // Inputs no output depends on: depth 0, ahead of every other layer of that depth.
  for (const id of inputs) {
    if (!depth.has(id)) {
      depth.set(id, 0);
      traversal.set(id, -1);
    }
  }
  const ordered = nodes.filter((id) => depth.has(id));
  // Array.prototype.sort is stable, as Python's sort is: unused inputs keep the model's order.
  const inputRank = new Map(inputs.map((id, i) => [id, i]));
  ordered.sort((a, b) => depth.get(b)! - depth.get(a)! || traversal.get(a)! - traversal.get(b)! || (inputRank.get(a) ?? 0) - (inputRank.get(b) ?? 0));
  // Anything no output reaches (only in a graph with errors) keeps its topological place at the end.
  const placed = new Set(ordered);
  return [...ordered, ...nodes.filter((id) => !placed.has(id))];
}
