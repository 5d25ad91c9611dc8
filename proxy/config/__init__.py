"""What garde-ia is configured with: the organisation's policy, the tool catalog and watch list, this install's home and device id, the French/English messages."""
