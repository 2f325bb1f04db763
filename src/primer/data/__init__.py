"""The data the lessons read: MNIST, provisioned and verified."""
