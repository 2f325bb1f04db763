"""Data, exercise 1: a dataset of numbers and their squares."""

from torch.utils.data import Dataset


class Squares(Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return i, i**2


squares = Squares(10)
print(len(squares), squares[3])
