"""Reports read from prod: the accountant's billing workbook and the build summary."""
