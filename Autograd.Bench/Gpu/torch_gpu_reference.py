"""PyTorch's side of the GPU benchmarks, measured the same way as Autograd.Bench/Gpu (median of repeated,
synchronised runs) so the two can be compared in one session on the same GPU:

    python3 Autograd.Bench/Gpu/torch_gpu_reference.py            # prints one line per measurement

SGEMM at n = 256, 1024, 4096; add of two 64M-float tensors and a device-to-device copy of the same bytes;
the MLP 784-256-128-10 (ReLU, cross-entropy, Adam) training step at batch 64 and 1024.
"""
import statistics
import time

import torch


def median_seconds(fn, repeats=30, warmup=5):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    device = torch.device("cuda")
    print(f"GPU: {torch.cuda.get_device_name(0)}; torch {torch.__version__}")

    for n in (256, 1024, 4096):
        a, b = torch.rand(n, n, device=device), torch.rand(n, n, device=device)
        t = median_seconds(lambda: torch.matmul(a, b))
        print(f"sgemm n={n}: {t * 1e6:.1f} us, {2 * n ** 3 / t / 1e9:.0f} GFLOP/s")

    elements = 1 << 26
    a, b = torch.rand(elements, device=device), torch.rand(elements, device=device)
    target = torch.empty_like(a)
    add = median_seconds(lambda: a + b)
    copy = median_seconds(lambda: target.copy_(a))
    print(f"add 64M: {add * 1e3:.3f} ms, {12 * elements / add / 1e9:.0f} GB/s; "
          f"copy 64M: {copy * 1e3:.3f} ms, {8 * elements / copy / 1e9:.0f} GB/s; add/copy bandwidth {12 * copy / (8 * add):.2f}")

    for batch in (64, 1024):
        torch.manual_seed(0)
        model = torch.nn.Sequential(
            torch.nn.Linear(784, 256), torch.nn.ReLU(),
            torch.nn.Linear(256, 128), torch.nn.ReLU(),
            torch.nn.Linear(128, 10)).to(device)
        adam = torch.optim.Adam(model.parameters(), lr=1e-3)
        x = torch.rand(batch, 784, device=device)
        y = torch.randint(0, 10, (batch,), device=device)

        def step():
            adam.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            adam.step()

        print(f"mlp step batch={batch}: {median_seconds(step) * 1e6:.1f} us")


if __name__ == "__main__":
    main()
