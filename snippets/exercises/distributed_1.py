"""Distributed, exercise 1: N processes with the same batch size make an N times larger step."""

from torch.utils.data import DataLoader, DistributedSampler

dataset = range(60_000)  # the sampler needs only the length of the dataset


def share_of_one_rank(processes, batch_size):
    # Images and steps per epoch of rank 0; the other ranks get the same numbers.
    # Given num_replicas and rank, a sampler needs no process group.
    sampler = DistributedSampler(dataset, num_replicas=processes, rank=0, shuffle=False)
    return len(sampler), len(DataLoader(dataset, batch_size=batch_size, sampler=sampler))


for processes, batch_size in ((1, 64), (2, 64), (4, 64), (8, 64), (4, 16)):
    images, steps = share_of_one_rank(processes, batch_size)
    print(
        f"{processes} x batches of {batch_size}: {images:>5} images and {steps:>3} steps "
        f"per rank, {processes * batch_size:>3} images per step"
    )
