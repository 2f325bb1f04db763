"""Devices, exercise 1: compute on the accelerator if there is one, then plot-ready NumPy."""

import torch

device = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else "cpu"
x = torch.linspace(0, 1, 5, device=device)
squares = (x**2).cpu().numpy()  # .numpy() needs a CPU tensor
print(type(squares).__name__, squares)
