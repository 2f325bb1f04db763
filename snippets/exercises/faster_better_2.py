"""Faster and better, exercise 2: the learning rate of OneCycleLR, step by step."""

import torch

LR, TOTAL_STEPS = 0.01, 128
weight = torch.zeros(1, requires_grad=True)  # the optimizer needs a parameter, nothing more
optimizer = torch.optim.Adam([weight], lr=LR)
scheduler = torch.optim.lr_scheduler.OneCycleLR(
    optimizer, max_lr=LR, total_steps=TOTAL_STEPS, cycle_momentum=False
)
rates = []
for _ in range(TOTAL_STEPS):
    rates.append(optimizer.param_groups[0]["lr"])  # the rate this step trains with
    optimizer.step()
    scheduler.step()

peak = max(range(TOTAL_STEPS), key=rates.__getitem__)
for step in (0, peak, TOTAL_STEPS - 1):
    print(f"step {step:>3}: {rates[step]:.2e}")
mean = sum(rates) / len(rates)
print(f"mean: {mean:.2e} = {mean / LR:.2f} × LR")
