"""
Hello gallery
=============

Hello from a gallery example.
"""

# %%
# A text cell.
import time

print("example ran at", time.time_ns())
