"""
Hello gallery
=============

Hello from a gallery example.

.. lesson::
   :summary: An example that prints a greeting.
   :reason: where an example says hello.
   :search: hello
   :minutes: 5
   :level: beginner
   :budget: 5
"""

# %%
# A text cell.
import time

print("example ran at", time.time_ns())
