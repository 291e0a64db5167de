"""A keras.applications model built with weights=None: each layer of model.layers in order (name,
class, output shape, trainable / non-trainable counts) and the totals."""
import numpy as np


def _count(weights):
    return int(sum(np.prod(w.shape) for w in weights))


def run(request):
    import keras

    build = getattr(keras.applications, request["model"])
    model = build(weights=None, input_shape=tuple(request["input"]), classes=request["classes"])
    layers = []
    for layer in model.layers:
        shape = layer.output.shape if hasattr(layer, "output") else None
        layers.append({
            "name": layer.name,
            "class": layer.__class__.__name__,
            "shape": list(shape[1:]) if shape is not None else None,
            "trainable": _count(layer.trainable_weights),
            "nonTrainable": _count(layer.non_trainable_weights),
        })
    return {
        "layers": layers,
        "total": int(model.count_params()),
        "trainable": _count(model.trainable_weights),
        "nonTrainable": _count(model.non_trainable_weights),
    }
