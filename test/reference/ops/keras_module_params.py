"""Runs generated Keras modules (emitKeras output) and counts each built model's parameters."""
import math


def run(request):
    answers = []
    for code in request["codes"]:
        namespace = {"__name__": "netwright_generated"}
        exec(compile(code, "generated.py", "exec"), namespace)  # noqa: S102 - our own generated module
        model = namespace["build_model"]()
        size = lambda weights: sum(math.prod(w.shape) for w in weights)  # noqa: E731
        answers.append({
            "name": model.name,
            "total": model.count_params(),
            "trainable": size(model.trainable_weights),
            "nonTrainable": size(model.non_trainable_weights),
            "layers": [layer.name for layer in model.layers],
        })
    return answers
