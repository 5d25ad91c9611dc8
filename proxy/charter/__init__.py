"""The charter itself: its text, the per-device acknowledgement gate, the kinds of data it names."""
