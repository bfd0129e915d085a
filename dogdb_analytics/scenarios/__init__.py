"""Scripted workflows in throwaway copies of the project (the slow view), and their helpers."""
