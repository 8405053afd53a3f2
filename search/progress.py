"""A text progress bar for management commands (no dependency)."""

import time


class Progress:
    def __init__(self, stream, label, total, width=30):
        self.stream, self.label, self.total, self.width = stream, label, max(total, 1), width
        self.started = time.monotonic()
        self.last = 0.0
        self.printed = None

    def update(self, done, *, force=False):
        now = time.monotonic()
        if not force and now - self.last < 0.5 and done < self.total:
            return
        self.last = now
        if done == self.printed:
            return
        self.printed = done
        share = min(done / self.total, 1)
        bar = "#" * int(share * self.width)
        elapsed = now - self.started
        self.stream.write(
            f"\r{self.label:<12} [{bar:<{self.width}}] {share:6.1%} {done:>10,}/{self.total:,} "
            f"{elapsed:6.1f}s",
            ending="",
        )
        self.stream.flush()

    def done(self):
        self.update(self.total, force=True)
        self.stream.write("")
