"""Runs exported Keras modules with their trained weights: for each case, import the module file
as Python would (so its load_trained_weights() finds the weights file next to it), build the
model, load the weights through the module's own loader, and predict the given float32 batch in
inference mode. Request: {"cases": [{"id", "module", "batch", "shape", "weights"?}]} (weights:
a path given to the loader instead of its default); answers each case's predictions (flat) and
output shape, or its error."""
import importlib.util

import keras
import numpy as np


def predict(case):
    spec = importlib.util.spec_from_file_location(f"netwright_{case['id']}", case["module"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    keras.backend.clear_session()
    model = module.build_model()
    model = module.load_trained_weights(model, case["weights"]) if case.get("weights") else module.load_trained_weights(model)
    x = np.fromfile(case["batch"], dtype="<f4").reshape(case["shape"])
    y = model(x, training=False)
    y = np.asarray(y, dtype="float32")
    return {"id": case["id"], "shape": list(y.shape), "values": [float(v) for v in y.ravel()]}


def run(request):
    answers = []
    for case in request["cases"]:
        try:
            answers.append(predict(case))
        except Exception as error:  # noqa: BLE001 - each case reports what Keras said
            answers.append({"id": case["id"], "error": f"{type(error).__name__}: {error}"})
    return {"cases": answers}
