"""The reference tier's one entry: reads a JSON request {"op": NAME, ...} on stdin, runs
ops/NAME.py's run(request) under real TensorFlow/Keras (or PyTorch), and writes its JSON answer
on stdout. Errors come back as {"error": message, "traceback": text} with exit code 1, so a test
prints what real Keras said. One op per file keeps the Python side small and greppable."""
import importlib
import json
import os
import sys
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main() -> int:
    request = json.load(sys.stdin)
    op = request.get("op", "")
    if not op.isidentifier():
        raise SystemExit(f"bad op {op!r}")
    # Real stdout carries the answer only; anything the frameworks print goes to stderr.
    out = sys.stdout
    sys.stdout = sys.stderr
    try:
        answer = importlib.import_module(f"ops.{op}").run(request)
        code = 0
    except Exception as error:  # noqa: BLE001 - the test shows what the referee said
        answer = {"error": f"{type(error).__name__}: {error}", "traceback": traceback.format_exc()}
        code = 1
    out.write(json.dumps(answer))
    out.flush()
    return code


if __name__ == "__main__":
    sys.exit(main())
