"""Page contexts."""
