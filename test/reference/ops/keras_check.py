"""Runs generated Keras modules unmodified: for each source, exec it as a module, call
build_model(), and report model.layers in Keras' own order (name, class, output shape,
trainable / non-trainable weights, get_config()) with the totals, then compile and run one fit
step on a small random batch. The module fixes its input shape and class count (export it with
--input / --classes); the batch takes the model's own shapes. Request: {"cases": [{"id",
"source"}, ...]}, so one TensorFlow import serves every module."""
import time
import traceback
import types

import keras
import numpy as np


def _count(weights):
    return int(sum(int(np.prod(w.shape)) for w in weights))


def _shape(tensor):
    return [None if d is None else int(d) for d in tensor.shape]


def _plain(value):
    """A layer config as JSON: tuples as lists, numpy scalars as numbers, anything else as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, np.generic):
        return value.item()
    return str(value)


def _fit_one_step(model, rng):
    # Random inputs and targets of the model's own shapes: mean squared error fits any output,
    # and one batch of two samples with batch_size=2 is exactly one optimizer step.
    xs = [rng.standard_normal((2, *_shape(t)[1:])).astype("float32") for t in model.inputs]
    ys = [rng.standard_normal((2, *_shape(t)[1:])).astype("float32") for t in model.outputs]
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)
    history = model.fit(xs if len(xs) > 1 else xs[0], ys if len(ys) > 1 else ys[0], batch_size=2, epochs=1, verbose=0)
    loss = float(history.history["loss"][0])
    # JSON has no NaN or Infinity: a diverged step comes back as its text.
    return loss if np.isfinite(loss) else str(loss)


def _where(error, case):
    """' (module line N: <code>)' for the last line of the generated module the error passed."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == f"<{case['id']}>"]
    if not frames:
        return ""
    line = frames[-1].lineno
    return f" (module line {line}: {case['source'].splitlines()[line - 1].strip()})"


def check(case, rng):
    started = time.perf_counter()
    module = types.ModuleType(f"netwright_{case['id']}")
    exec(compile(case["source"], f"<{case['id']}>", "exec"), module.__dict__)  # noqa: S102 - our own generated code
    keras.backend.clear_session()
    model = module.build_model()
    layers = [
        {
            "name": layer.name,
            "className": type(layer).__name__,
            "shape": _shape(layer.output),
            "trainable": _count(layer.trainable_weights),
            "nonTrainable": _count(layer.non_trainable_weights),
            "config": _plain(layer.get_config()),
        }
        for layer in model.layers
    ]
    answer = {
        "id": case["id"],
        "name": model.name,
        "layers": layers,
        "totals": {
            "total": int(model.count_params()),
            "trainable": _count(model.trainable_weights),
            "nonTrainable": _count(model.non_trainable_weights),
        },
    }
    answer["loss"] = _fit_one_step(model, rng)
    answer["seconds"] = time.perf_counter() - started
    return answer


def run(request):
    rng = np.random.default_rng(0)
    results = []
    for case in request["cases"]:
        try:
            results.append(check(case, rng))
        except Exception as error:  # noqa: BLE001 - one failing module must not hide the others
            results.append({"id": case["id"], "error": f"{type(error).__name__}: {error}{_where(error, case)}"})
    return {"keras": keras.__version__, "results": results}
