"""tf.keras: Model, optimizers and layers that record what is built."""
from . import layers
from . import optimizers
from .layers import RECORD, Tensor


def _names(x):
    if isinstance(x, (list, tuple)):
        return [_names(t) for t in x]
    if not isinstance(x, Tensor):
        raise TypeError('expected a tensor made by a layer, received %r' % (x,))
    return x.layer


class Model:
    def __init__(self, inputs=None, outputs=None, name=None, **kwargs):
        RECORD.append({'model': name, 'inputs': _names(inputs), 'outputs': _names(outputs)})

    def compile(self, optimizer=None, loss=None, metrics=None, **kwargs):
        RECORD.append({'compile': {'optimizer': optimizer, 'loss': loss, 'metrics': metrics}})

    def summary(self):
        RECORD.append({'summary': True})
