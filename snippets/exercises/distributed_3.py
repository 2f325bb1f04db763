"""Distributed, exercise 3: without set_epoch, every epoch repeats the same order."""

from torch.utils.data import DistributedSampler

dataset = range(8)


def orders(rank, call_set_epoch, epochs=3):
    sampler = DistributedSampler(dataset, num_replicas=2, rank=rank, shuffle=True, seed=0)
    result = []
    for epoch in range(epochs):
        if call_set_epoch:
            sampler.set_epoch(epoch)  # the shuffle is seeded with seed + epoch
        result.append(list(sampler))
    return result


for call_set_epoch in (False, True):
    print(f"set_epoch called: {call_set_epoch}")
    both_ranks = zip(orders(0, call_set_epoch), orders(1, call_set_epoch), strict=True)
    for epoch, (first, second) in enumerate(both_ranks):
        # Both ranks draw the same permutation and keep different parts of it.
        shared = len(set(first) & set(second))
        print(f"  epoch {epoch}: rank 0 {first}, rank 1 {second}, shared: {shared}")
