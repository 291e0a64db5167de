"""Saves real Keras models for the import tests: keras.applications classifiers (weights=None)
and the course's HappyModel and ResNet-50, each with seeded random weights and non-trivial
BatchNorm moving statistics, as `.keras`, legacy `.h5` and `to_json()` + `.weights.h5`, plus an
input batch and Keras' inference predictions as float32 .bin files. Request: {"dir", "models":
[{"id", "predict"}]}; answers each model's layers (name, class, counts), totals, files and the
batch's shapes."""
import os

import keras
import numpy as np
from keras import layers as L

APPLICATIONS = {
    "VGG16": (keras.applications.VGG16, 64),
    "ResNet50": (keras.applications.ResNet50, 64),
    "MobileNetV2": (keras.applications.MobileNetV2, 96),
    "InceptionV3": (keras.applications.InceptionV3, 150),
    "DenseNet121": (keras.applications.DenseNet121, 64),
    # Not representable yet (Rescaling, Normalization, Multiply): the import must say so.
    "EfficientNetB0": (keras.applications.EfficientNetB0, 64),
}


def happy_model():
    # The course's HappyModel (Sequential), 64x64x3 -> one sigmoid unit.
    return keras.Sequential([
        keras.Input((64, 64, 3)),
        L.ZeroPadding2D(padding=3),
        L.Conv2D(32, (7, 7), strides=(1, 1)),
        L.BatchNormalization(axis=3),
        L.ReLU(),
        L.MaxPooling2D(),
        L.Flatten(),
        L.Dense(1, activation="sigmoid"),
    ])


def _identity_block(x, f, filters):
    f1, f2, f3 = filters
    shortcut = x
    x = L.Conv2D(f1, 1, strides=1, padding="valid")(x)
    x = L.BatchNormalization(axis=3)(x)
    x = L.Activation("relu")(x)
    x = L.Conv2D(f2, f, strides=1, padding="same")(x)
    x = L.BatchNormalization(axis=3)(x)
    x = L.Activation("relu")(x)
    x = L.Conv2D(f3, 1, strides=1, padding="valid")(x)
    x = L.BatchNormalization(axis=3)(x)
    x = L.Add()([x, shortcut])
    return L.Activation("relu")(x)


def _convolutional_block(x, f, filters, s):
    f1, f2, f3 = filters
    shortcut = x
    x = L.Conv2D(f1, 1, strides=s, padding="valid")(x)
    x = L.BatchNormalization(axis=3)(x)
    x = L.Activation("relu")(x)
    x = L.Conv2D(f2, f, strides=1, padding="same")(x)
    x = L.BatchNormalization(axis=3)(x)
    x = L.Activation("relu")(x)
    x = L.Conv2D(f3, 1, strides=1, padding="valid")(x)
    x = L.BatchNormalization(axis=3)(x)
    shortcut = L.Conv2D(f3, 1, strides=s, padding="valid")(shortcut)
    shortcut = L.BatchNormalization(axis=3)(shortcut)
    x = L.Add()([x, shortcut])
    return L.Activation("relu")(x)


def course_resnet50():
    # The course's ResNet-50: 64x64x3, 6 classes, a 2x2 average-pool head.
    inputs = keras.Input((64, 64, 3))
    x = L.ZeroPadding2D((3, 3))(inputs)
    x = L.Conv2D(64, (7, 7), strides=(2, 2))(x)
    x = L.BatchNormalization(axis=3)(x)
    x = L.Activation("relu")(x)
    x = L.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = _convolutional_block(x, 3, [64, 64, 256], 1)
    for _ in range(2):
        x = _identity_block(x, 3, [64, 64, 256])
    x = _convolutional_block(x, 3, [128, 128, 512], 2)
    for _ in range(3):
        x = _identity_block(x, 3, [128, 128, 512])
    x = _convolutional_block(x, 3, [256, 256, 1024], 2)
    for _ in range(5):
        x = _identity_block(x, 3, [256, 256, 1024])
    x = _convolutional_block(x, 3, [512, 512, 2048], 2)
    for _ in range(2):
        x = _identity_block(x, 3, [512, 512, 2048])
    x = L.AveragePooling2D((2, 2))(x)
    x = L.Flatten()(x)
    outputs = L.Dense(6, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="ResNet50")


def build(model_id):
    if model_id in APPLICATIONS:
        make, size = APPLICATIONS[model_id]
        # Logits, not softmax: with random weights a 1000-way softmax is nearly uniform and would hide
        # differences; the counts are the same.
        return make(weights=None, input_shape=(size, size, 3), classifier_activation=None)
    if model_id == "HappyModel":
        return happy_model()
    if model_id == "CourseResNet50":
        return course_resnet50()
    raise ValueError(f"unknown model {model_id!r}")


def randomize(model, rng):
    """Keras' own seeded initializers for kernels; biases, BatchNorm gamma/beta and moving
    statistics away from their trivial 0 / 1 so a swapped or dropped variable shows."""
    for layer in model.layers:
        for var in layer.weights:
            name = var.path.rsplit("/", 1)[-1]
            shape = tuple(var.shape)
            if name in ("bias", "beta", "moving_mean"):
                var.assign(rng.normal(0.0, 0.05, shape).astype("float32"))
            elif name in ("gamma", "moving_variance"):
                var.assign(rng.uniform(0.5, 1.5, shape).astype("float32"))


def _count(weights):
    return int(sum(int(np.prod(w.shape)) for w in weights))


def save(model_id, folder, predict, rng):
    keras.utils.set_random_seed(1)
    model = build(model_id)
    randomize(model, rng)
    base = os.path.join(folder, model_id)
    files = {"keras": f"{base}.keras", "h5": f"{base}.h5", "json": f"{base}.json", "weights": f"{base}.weights.h5"}
    model.save(files["keras"])
    model.save(files["h5"])
    with open(files["json"], "w", encoding="utf-8") as out:
        out.write(model.to_json())
    model.save_weights(files["weights"])
    answer = {
        "id": model_id,
        "layers": len(model.layers),
        "totals": {"total": int(model.count_params()), "trainable": _count(model.trainable_weights), "nonTrainable": _count(model.non_trainable_weights)},
        # model.layers in Keras' order; a Sequential model's list leaves out its InputLayer.
        "modelClass": type(model).__name__,
        "rows": [[layer.name, type(layer).__name__, _count(layer.trainable_weights), _count(layer.non_trainable_weights)] for layer in model.layers],
        "files": files,
    }
    if predict:
        shape = (2, *[int(d) for d in model.inputs[0].shape[1:]])
        x = rng.uniform(0.0, 1.0, shape).astype("float32")
        y = np.asarray(model(x, training=False), dtype="float32")
        x.tofile(f"{base}.x.bin")
        y.tofile(f"{base}.y.bin")
        answer.update({"x": f"{base}.x.bin", "y": f"{base}.y.bin", "xShape": list(shape), "yShape": list(y.shape)})
    return answer


def run(request):
    rng = np.random.default_rng(0)
    os.makedirs(request["dir"], exist_ok=True)
    return {"keras": keras.__version__, "models": [save(m["id"], request["dir"], m.get("predict", False), rng) for m in request["models"]]}
