"""keras.layers: any class name makes a recording layer; calling it records class, kwargs, inputs."""
RECORD = []


class Tensor:
    def __init__(self, layer):
        self.layer = layer


def _input_names(inputs):
    items = inputs if isinstance(inputs, (list, tuple)) else [inputs]
    for t in items:
        if not isinstance(t, Tensor):
            raise TypeError('layer input must be a tensor, received %r' % (t,))
    return [t.layer for t in items]


class Layer:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.name = kwargs.get('name')

    def __call__(self, inputs, *args, **kwargs):
        RECORD.append({'class': type(self).__name__, 'kwargs': self.kwargs, 'inputs': _input_names(inputs)})
        return Tensor(self.name)


def Input(shape=None, name=None, **kwargs):
    RECORD.append({'class': 'Input', 'kwargs': dict(kwargs, shape=shape, name=name), 'inputs': []})
    return Tensor(name)


_classes = {}


def __getattr__(name):
    if name.startswith('__'):
        raise AttributeError(name)
    if name not in _classes:
        _classes[name] = type(name, (Layer,), {})
    return _classes[name]
