"""The semantic layer: metric queries compiled from the definitions in metrics/."""
