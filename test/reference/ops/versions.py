"""Which reference frameworks this environment has, with their versions."""
import importlib


def run(request):
    found = {}
    for name in request.get("modules", ["tensorflow", "keras", "h5py", "numpy", "torch", "onnx", "onnxruntime"]):
        try:
            found[name] = importlib.import_module(name).__version__
        except Exception:  # noqa: BLE001 - absent is an answer
            found[name] = None
    return found
