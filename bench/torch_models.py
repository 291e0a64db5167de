"""The bench models of bench/models.ts in PyTorch (NCHW, PyTorch's default), trained with Adam
on random data. Prints one JSON line with samples/s.
Usage: python3 bench/torch_models.py <happy|lenet5|resnet|resnet50> <threads> <seconds> <batch>"""
import json
import sys
import time

import torch
from torch import nn


def conv_bn(cin, cout, k, relu):
    layers = [nn.Conv2d(cin, cout, k, padding=k // 2), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01)]
    if relu:
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class Block(nn.Module):
    def __init__(self, cin, project):
        super().__init__()
        self.body = nn.Sequential(conv_bn(cin, 64, 1, True), conv_bn(64, 64, 3, True), conv_bn(64, 256, 1, False))
        self.shortcut = conv_bn(cin, 256, 1, False) if project else nn.Identity()

    def forward(self, x):
        return torch.relu(self.body(x) + self.shortcut(x))


class Bottleneck(nn.Module):
    """ResNet-50's block as bench/models.ts builds it: the stride sits in the first 1x1 convolution."""
    def __init__(self, cin, f, stride, project):
        super().__init__()
        def cbn(i, o, k, relu, s=1):
            layers = [nn.Conv2d(i, o, k, stride=s, padding=k // 2), nn.BatchNorm2d(o, eps=1e-3, momentum=0.01)]
            return nn.Sequential(*(layers + [nn.ReLU()] if relu else layers))
        self.body = nn.Sequential(cbn(cin, f, 1, True, stride), cbn(f, f, 3, True), cbn(f, 4 * f, 1, False))
        self.shortcut = cbn(cin, 4 * f, 1, False, stride) if project else nn.Identity()

    def forward(self, x):
        return torch.relu(self.body(x) + self.shortcut(x))


def resnet50():
    layers = [nn.ZeroPad2d(3), nn.Conv2d(3, 64, 7, stride=2), nn.BatchNorm2d(64, eps=1e-3, momentum=0.01), nn.ReLU(), nn.MaxPool2d(3, 2)]
    cin = 64
    for f, blocks, stride in ((64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)):
        layers.append(Bottleneck(cin, f, stride, True))
        cin = 4 * f
        layers += [Bottleneck(cin, f, 1, False) for _ in range(blocks - 1)]
    layers += [nn.AvgPool2d(2), nn.Flatten(), nn.Linear(2048, 6)]
    return nn.Sequential(*layers)


def build(name):
    if name == 'happy':
        model = nn.Sequential(
            nn.ZeroPad2d(3), nn.Conv2d(3, 32, 7), nn.BatchNorm2d(32, eps=1e-3, momentum=0.01), nn.ReLU(),
            nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32 * 32 * 32, 1))
        return model, (3, 64, 64), 1
    if name == 'lenet5':
        model = nn.Sequential(
            nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
            nn.Flatten(), nn.Linear(400, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))
        return model, (1, 32, 32), 10
    if name == 'resnet':
        model = nn.Sequential(
            Block(64, True), Block(256, False), Block(256, False), Block(256, False),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(256, 10))
        return model, (64, 56, 56), 10
    if name == 'resnet50':
        return resnet50(), (3, 64, 64), 6
    raise SystemExit(f'unknown model {name}')


def main():
    name, threads, seconds, batch = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model, shape, classes = build(name)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(batch, *shape)
    if classes == 1:
        y = torch.randint(0, 2, (batch, 1)).float()
        loss_fn = nn.BCEWithLogitsLoss()  # sigmoid + binary cross-entropy, as the tfjs model's last layer + loss
    else:
        y = torch.randint(0, classes, (batch,))
        loss_fn = nn.CrossEntropyLoss()  # softmax + categorical cross-entropy

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(2):
        step()
    start = time.perf_counter()
    cpu_start = time.process_time()
    steps = 0
    while steps < 3 or time.perf_counter() - start < seconds:
        step()
        steps += 1
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start  # all threads of the process
    print(json.dumps({'model': name, 'engine': 'torch', 'threads': threads, 'torch': torch.__version__, 'batch': batch,
                      'steps': steps, 'seconds': elapsed, 'cpuSeconds': cpu, 'samplesPerSec': steps * batch / elapsed,
                      'samplesPerCpuSec': steps * batch / cpu}))


if __name__ == '__main__':
    main()
