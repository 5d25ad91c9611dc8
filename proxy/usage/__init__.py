"""What the usage log records about a request (never its content), its footprint estimate, the doctor's canary marker."""
