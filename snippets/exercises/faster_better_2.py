"""Faster and better, exercise 2: the learning rate of CosineAnnealingLR, step by step."""

import torch

LR, TOTAL_STEPS = 0.01, 32
weight = torch.zeros(1, requires_grad=True)  # the optimizer needs a parameter, nothing more
optimizer = torch.optim.Adam([weight], lr=LR)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=TOTAL_STEPS)
rates = []
for _ in range(TOTAL_STEPS):
    rates.append(optimizer.param_groups[0]["lr"])  # the rate this step trains with
    optimizer.step()
    scheduler.step()

for step in (0, TOTAL_STEPS // 2, TOTAL_STEPS - 1):
    print(f"step {step:>2}: {rates[step]:.6f}")
mean = sum(rates) / len(rates)
print(f"mean: {mean:.6f} = {mean / LR:.2f} × LR")
