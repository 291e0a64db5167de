"""Runs main() of each generated Keras module against the recording TensorFlow in this folder
and prints {path: [records...]} as JSON."""
import importlib.util
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tensorflow  # noqa: E402  (the recording stand-in)

out = {}
for i, path in enumerate(sys.argv[1:]):
    tensorflow.RECORD.clear()
    spec = importlib.util.spec_from_file_location('generated_%d' % i, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main()
    out[path] = list(tensorflow.RECORD)
print(json.dumps(out))
