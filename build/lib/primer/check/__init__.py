"""Running what readers download as they run it, and reporting a build on another machine."""
