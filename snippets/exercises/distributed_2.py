"""Distributed, exercise 2: which indices each rank gets when the dataset does not divide evenly."""

from torch.utils.data import DistributedSampler

dataset = range(10)  # 10 images for 3 ranks
for drop_last in (False, True):
    # False: the first indices are repeated until every rank has 4; True: the last one is dropped.
    print(f"drop_last={drop_last}")
    for rank in range(3):
        sampler = DistributedSampler(
            dataset, num_replicas=3, rank=rank, shuffle=False, drop_last=drop_last
        )
        print(f"  rank {rank}: {list(sampler)}")
