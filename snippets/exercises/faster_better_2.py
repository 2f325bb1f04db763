"""Faster and better, exercise 2: the learning rate of OneCycleLR, step by step."""

import torch

MAX_LR, TOTAL_STEPS = 0.02, 100
weight = torch.zeros(1, requires_grad=True)  # the optimizer needs a parameter, nothing more
optimizer = torch.optim.AdamW([weight], lr=MAX_LR)
scheduler = torch.optim.lr_scheduler.OneCycleLR(
    optimizer, max_lr=MAX_LR, total_steps=TOTAL_STEPS, pct_start=0.25
)
rates = []
for _ in range(TOTAL_STEPS):
    rates.append(optimizer.param_groups[0]["lr"])  # the rate this step trains with
    optimizer.step()
    scheduler.step()

peak = max(range(TOTAL_STEPS), key=rates.__getitem__)
print(f"first: {rates[0]:.6f} (max_lr / 25)")
print(f"peak:  {rates[peak]:.6f} at step {peak}")
print(f"last:  {rates[-1]:.2e}")
print("every 10th step:", [round(rate, 4) for rate in rates[::10]])
