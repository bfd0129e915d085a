"""The forecast models' Python: the known series and the forecasting methods."""
