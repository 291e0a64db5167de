"""Optimizers recorded as {'class': ..., 'kwargs': ...}."""


def __getattr__(name):
    def make(**kwargs):
        return {'class': name, 'kwargs': kwargs}
    return make
